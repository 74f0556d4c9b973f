# expect: reject R2-forbidden
# vmovntdq is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vmovntdq %ymm0, (%eax)
	hlt
