# expect: reject R9-branch-target
# A jump to an unaligned trampoline address.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp 0x10010
	hlt
