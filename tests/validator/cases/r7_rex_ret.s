# expect: reject R7-return
# rex.w ret (48 C3).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x48, 0xc3
	hlt
