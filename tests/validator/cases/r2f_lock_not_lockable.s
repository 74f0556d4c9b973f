# expect: reject R2-forbidden
# lock not lockable is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf0, 0x67, 0x89, 0x01
	hlt
