# expect: reject R2-forbidden
# evex is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vaddps %zmm0, %zmm1, %zmm2
	hlt
