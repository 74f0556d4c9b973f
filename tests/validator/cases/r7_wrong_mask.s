# expect: reject R7-return
# The return sequence masking with -16.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-16, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock
	hlt
