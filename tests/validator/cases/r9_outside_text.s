# expect: reject R9-branch-target
# A jump far outside the text.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp 0x5000000
	hlt
