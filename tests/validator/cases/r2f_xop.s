# expect: reject R2-forbidden
# xop is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x8f, 0xe9, 0x78, 0x80, 0xc0
	hlt
