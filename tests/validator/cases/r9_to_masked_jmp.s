# expect: reject R9-branch-target
# A jump to the jmp of a masked pair, skipping the mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp inside
	.bundle_lock
	andl $-32, %eax
inside:
	jmp *%rax
	.bundle_unlock
	hlt
