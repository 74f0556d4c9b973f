# expect: reject R5-stack-pointer
# BMI blsr with %esp as the VEX.vvvv destination.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	blsrl %eax, %esp
	hlt
