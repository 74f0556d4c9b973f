# expect: reject R2-decode
# A hint nop outside 0F 1F /0.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x0f, 0x19, 0x00
	hlt
