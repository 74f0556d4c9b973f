# expect: reject R7-return
# The ret in the bundle after the rest of the sequence.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	andl $-32, (%esp)
	movl $0, 4(%esp)
	.bundle_unlock
	ret
	hlt
