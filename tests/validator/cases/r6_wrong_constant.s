# expect: reject R6-indirect-branch
# The mask with -16.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-16, %eax
	jmp *%rax
	.bundle_unlock
	hlt
