# expect: reject R9-branch-target
# A jump just below the text.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp 0x1ffe0
	hlt
