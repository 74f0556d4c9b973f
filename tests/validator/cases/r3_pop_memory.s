# expect: reject R3-addr32
# pop to memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq (%rax)
	hlt
