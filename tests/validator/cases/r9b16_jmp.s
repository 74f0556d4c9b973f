# expect: reject R9-branch16
# A 16-bit jmp (66 E9).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0xe9, 0x00, 0x00
	hlt
