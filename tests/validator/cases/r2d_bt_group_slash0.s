# expect: reject R2-decode
# 0F BA /0 (undefined).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x0f, 0xba, 0xc0, 0x01
	hlt
