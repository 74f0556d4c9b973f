# expect: reject R6-indirect-branch
# The return sequence with the mask at the end of one bundle and the jmp in the next.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	popq %r11
	andl $-32, %r11d
	.bundle_unlock
	jmp *%r11
	hlt
