# expect: reject R9-branch-target
# A jump to the jmp of the return sequence, past its mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp inside
	popq %r11
	.bundle_lock
	andl $-32, %r11d
inside:
	jmp *%r11
	.bundle_unlock
	hlt
