# expect: reject R3-addr32
# lock cmpxchg16b.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lock cmpxchg16b (%rdi)
	hlt
