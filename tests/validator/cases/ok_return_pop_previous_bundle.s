# expect: accept
# The return sequence with the pop at the end of one bundle and the locked and+jmp at the
# start of the next: only and+jmp must share a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	popq %r11
	.bundle_unlock
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	hlt
