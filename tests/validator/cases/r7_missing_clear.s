# expect: reject R7-return
# The return sequence without the movl.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, (%esp)
	ret
	.bundle_unlock
	hlt
