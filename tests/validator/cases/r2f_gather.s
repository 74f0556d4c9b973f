# expect: reject R2-forbidden
# gather is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vpgatherdd %ymm0, (%eax,%ymm1,4), %ymm2
	hlt
