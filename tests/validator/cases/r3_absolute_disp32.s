# expect: reject R3-addr32
# A 32-bit absolute address without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl 0x30000, %ecx
	hlt
