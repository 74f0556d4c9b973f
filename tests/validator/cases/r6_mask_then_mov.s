# expect: reject R6-indirect-branch
# The masked register overwritten before the jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	movq %rcx, %rax
	jmp *%rax
	.bundle_unlock
	hlt
