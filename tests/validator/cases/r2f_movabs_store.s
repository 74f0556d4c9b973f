# expect: reject R2-forbidden
# movabs store is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movabsq %rax, 0x1234
	hlt
