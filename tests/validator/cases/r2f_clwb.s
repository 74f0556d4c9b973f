# expect: reject R2-forbidden
# clwb is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	clwb (%eax)
	hlt
