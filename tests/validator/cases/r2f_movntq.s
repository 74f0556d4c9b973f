# expect: reject R2-forbidden
# movntq is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movntq %mm0, (%eax)
	hlt
