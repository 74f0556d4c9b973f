# expect: reject R3-addr32
# A read-modify-write add to memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	addl $1, (%rbx)
	hlt
