# expect: reject R6-indirect-branch
# The mask in the previous bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	andl $-32, %eax
	.bundle_unlock
	jmp *%rax
	hlt
