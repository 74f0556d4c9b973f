# expect: reject R3-addr32
# push from memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pushq (%rax)
	hlt
