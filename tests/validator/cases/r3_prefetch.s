# expect: reject R3-addr32
# A prefetch (needs 0x67 like any memory operand).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	prefetcht0 (%rax)
	hlt
