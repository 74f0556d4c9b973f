# expect: reject R2-decode
# F2 and F3 together.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf2, 0xf3, 0x90
	hlt
