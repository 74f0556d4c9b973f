# expect: reject R7-return
# The former return sequence, masking the return address in place: every ret is rejected.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock
	hlt
