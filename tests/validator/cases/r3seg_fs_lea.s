# expect: reject R3-segment
# lea with %fs (lea is exempt from 0x67, not from the segment rule).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x64, 0x8d, 0x08
	hlt
