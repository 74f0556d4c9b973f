# expect: reject R3-addr32
# lock add.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lock addl $1, (%rdi)
	hlt
