# expect: reject R6-indirect-branch
# A REX 40 prefix on the jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	.byte 0x40, 0xff, 0xe0
	.bundle_unlock
	hlt
