# expect: reject R7-return
# The return sequence with a 64-bit mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andq $-32, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock
	hlt
