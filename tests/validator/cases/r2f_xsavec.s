# expect: reject R2-forbidden
# xsavec is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xsavec (%eax)
	hlt
