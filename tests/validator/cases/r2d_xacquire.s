# expect: reject R2-decode
# xacquire lock add (HLE: F2 on a lockable instruction).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf2, 0xf0, 0x67, 0x01, 0x01
	hlt
