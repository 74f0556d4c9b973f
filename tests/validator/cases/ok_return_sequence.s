# expect: accept
# The locked return sequence, and a branch to its start.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp ret
	.p2align 5
ret:
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock
	hlt
