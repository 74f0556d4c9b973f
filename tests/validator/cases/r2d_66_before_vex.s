# expect: reject R2-decode
# 66 before VEX.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0xc5, 0xf9, 0x6f, 0xc1
	hlt
