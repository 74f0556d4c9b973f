# expect: reject R2-forbidden
# xbegin is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xbegin 1f
1:
	hlt
