# expect: accept
# Text ending with hlt padding; a jump to a hlt.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp pad
pad:
	hlt
	.fill 29, 1, 0xf4
	hlt
