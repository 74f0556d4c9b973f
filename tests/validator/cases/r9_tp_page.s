# expect: reject R9-branch-target
# A jump into the thread-pointer page.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp 0x1F000
	hlt
