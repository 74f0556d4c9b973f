# expect: reject R2-decode
# VEX map 4.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xc4, 0xe4, 0x78, 0x00, 0xc0
	hlt
