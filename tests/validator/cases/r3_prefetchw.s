# expect: reject R3-addr32
# prefetchw.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	prefetchw (%rax)
	hlt
