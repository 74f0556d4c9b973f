# expect: reject R2-forbidden
# movntdq is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movntdq %xmm0, (%eax)
	hlt
