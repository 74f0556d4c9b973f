# expect: reject R2-decode
# ud0 (0F FF).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x0f, 0xff, 0xc0
	hlt
