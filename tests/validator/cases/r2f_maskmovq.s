# expect: reject R2-forbidden
# maskmovq is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	maskmovq %mm1, %mm0
	hlt
