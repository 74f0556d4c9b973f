# expect: reject R2-forbidden
# loop is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	1:
	loop 1b
	hlt
