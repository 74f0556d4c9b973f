# expect: reject R2-forbidden
# xgetbv is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xgetbv
	hlt
