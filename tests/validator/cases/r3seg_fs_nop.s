# expect: reject R3-segment
# A nop with %fs.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x64, 0x0f, 0x1f, 0x00
	hlt
