# expect: accept
# The alternative return: pop, mask, jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq %r11
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	hlt
