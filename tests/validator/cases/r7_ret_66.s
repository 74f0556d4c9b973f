# expect: reject R7-return
# 66 ret: every ret is R7, whatever its prefixes.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0xc3
	hlt
