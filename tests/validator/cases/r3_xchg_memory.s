# expect: reject R3-addr32
# xchg with memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xchgl %eax, (%rbx)
	hlt
