# expect: reject R9-branch-target
# A jump to address 0.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp 0
	hlt
