# expect: reject R3-addr32
# crc32 from memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	crc32l (%rax), %ecx
	hlt
