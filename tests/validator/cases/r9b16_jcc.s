# expect: reject R9-branch16
# A 16-bit conditional branch (66 74).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0x74, 0x00
	hlt
