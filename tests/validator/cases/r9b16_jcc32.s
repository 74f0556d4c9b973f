# expect: reject R9-branch16
# A 16-bit rel conditional branch (66 0F 84).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0x0f, 0x84, 0x00, 0x00
	hlt
