# expect: accept
# The masked jmp with a harmless REX.W (48/49).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	.byte 0x48, 0xff, 0xe0
	.bundle_unlock
	.bundle_lock
	andl $-32, %r8d
	.byte 0x49, 0xff, 0xe0
	.bundle_unlock
	hlt
