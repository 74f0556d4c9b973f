# expect: reject R2-forbidden
# movabs load is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movabsq 0x1234, %rax
	hlt
