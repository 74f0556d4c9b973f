# expect: reject R6-indirect-branch
# A REX 40 prefix on the mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	.byte 0x40, 0x83, 0xe0, 0xe0
	jmp *%rax
	.bundle_unlock
	hlt
