# expect: reject R2-forbidden
# vmovntps is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vmovntps %ymm0, (%eax)
	hlt
