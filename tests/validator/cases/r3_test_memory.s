# expect: reject R3-addr32
# test on memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	testb $1, (%rdi)
	hlt
