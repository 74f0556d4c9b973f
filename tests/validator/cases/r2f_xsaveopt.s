# expect: reject R2-forbidden
# xsaveopt is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xsaveopt (%eax)
	hlt
