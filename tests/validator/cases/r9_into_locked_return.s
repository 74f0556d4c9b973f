# expect: reject R9-branch-target
# A jump to the second instruction of the return sequence.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp inside
	.bundle_lock
	andl $-32, (%esp)
inside:
	movl $0, 4(%esp)
	ret
	.bundle_unlock
	hlt
