# expect: reject R6-indirect-branch
# A 64-bit and as the mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andq $-32, %rax
	jmp *%rax
	.bundle_unlock
	hlt
