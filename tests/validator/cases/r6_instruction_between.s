# expect: reject R6-indirect-branch
# A nop between the mask and the jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	nop
	jmp *%rax
	.bundle_unlock
	hlt
