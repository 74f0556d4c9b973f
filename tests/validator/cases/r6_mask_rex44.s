# expect: reject R6-indirect-branch
# A REX.R-only prefix on the jmp (44 FF E0).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	.byte 0x44, 0xff, 0xe0
	.bundle_unlock
	hlt
