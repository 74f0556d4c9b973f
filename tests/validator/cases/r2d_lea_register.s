# expect: reject R2-decode
# lea with a register operand.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x8d, 0xc0
	hlt
