# expect: reject R7-return
# The two masking instructions swapped.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	movl $0, 4(%esp)
	andl $-32, (%esp)
	ret
	.bundle_unlock
	hlt
