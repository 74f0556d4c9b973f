# expect: reject R2-forbidden
# int1 is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf1
	hlt
