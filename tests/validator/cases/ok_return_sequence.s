# expect: accept
# The return sequence (pop %r11; and $-32, %r11d; jmp *%r11, and+jmp locked), a branch to
# its start and a branch to its mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp ret
	jmp mask
	.p2align 5
ret:
	popq %r11
mask:
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	hlt
