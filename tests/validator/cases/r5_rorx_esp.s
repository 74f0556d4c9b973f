# expect: reject R5-stack-pointer
# BMI2 rorx into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rorxl $1, %eax, %esp
	hlt
