# expect: reject R3-addr32
# pextrd to memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pextrd $1, %xmm0, (%rax)
	hlt
