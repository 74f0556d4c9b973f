# expect: reject R3-addr32
# An SSE load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movups (%rdi), %xmm0
	hlt
