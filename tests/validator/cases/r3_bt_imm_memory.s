# expect: reject R3-addr32
# bt imm8 on memory (allowed form, but needs 0x67).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	btl $3, (%rax)
	hlt
