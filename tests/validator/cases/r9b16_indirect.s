# expect: reject R9-branch16
# 66 on a masked indirect jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	.byte 0x66, 0xff, 0xe0
	.bundle_unlock
	hlt
