# expect: reject R9-branch16
# A 16-bit call (66 E8), ending a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.p2align 5
	.fill 28, 1, 0x90
	.byte 0x66, 0xe8, 0x00, 0x00
	hlt
