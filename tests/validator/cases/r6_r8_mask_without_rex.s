# expect: reject R6-indirect-branch
# jmp *%r8 after and $-32, %eax.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	jmp *%r8
	.bundle_unlock
	hlt
