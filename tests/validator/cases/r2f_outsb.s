# expect: reject R2-forbidden
# outsb is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	outsb
	hlt
