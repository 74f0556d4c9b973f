# expect: reject R9-branch-target
# A jump just past the end of the 32-byte text.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp _start+32
	hlt
