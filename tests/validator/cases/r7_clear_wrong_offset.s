# expect: reject R7-return
# The clear at 8(%esp).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 8(%esp)
	ret
	.bundle_unlock
	hlt
