# expect: reject R5-stack-pointer
# BMI2 mulx with %esp as the high destination.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	mulxl %eax, %ecx, %esp
	hlt
