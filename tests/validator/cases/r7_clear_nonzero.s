# expect: reject R7-return
# The return sequence writing 1 to the high half.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, (%esp)
	movl $1, 4(%esp)
	ret
	.bundle_unlock
	hlt
