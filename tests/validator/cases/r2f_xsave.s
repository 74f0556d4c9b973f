# expect: reject R2-forbidden
# xsave is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xsave (%eax)
	hlt
