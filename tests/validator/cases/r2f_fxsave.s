# expect: reject R2-forbidden
# fxsave is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	fxsave (%eax)
	hlt
