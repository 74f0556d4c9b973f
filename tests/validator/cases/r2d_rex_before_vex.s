# expect: reject R2-decode
# REX before VEX.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x40, 0xc5, 0xf8, 0x77
	hlt
