# expect: reject R2-forbidden
# movntpd is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movntpd %xmm0, (%eax)
	hlt
