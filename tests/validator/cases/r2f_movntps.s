# expect: reject R2-forbidden
# movntps is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movntps %xmm0, (%eax)
	hlt
