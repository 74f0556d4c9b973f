# expect: reject R3-addr32
# An unprefixed load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl (%rax), %ecx
	hlt
