# expect: reject R5-stack-pointer
# imul into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	imull $3, %eax, %esp
	hlt
