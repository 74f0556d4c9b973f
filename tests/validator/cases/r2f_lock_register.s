# expect: reject R2-forbidden
# lock register is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf0, 0x01, 0xc0
	hlt
