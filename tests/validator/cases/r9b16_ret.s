# expect: reject R9-branch16
# 66 on the ret of the return sequence.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 4(%esp)
	.byte 0x66, 0xc3
	.bundle_unlock
	hlt
