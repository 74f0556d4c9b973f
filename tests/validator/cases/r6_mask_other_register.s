# expect: reject R6-indirect-branch
# The mask on another register.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %ecx
	jmp *%rax
	.bundle_unlock
	hlt
