# expect: reject R2-decode
# 3DNow!.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x0f, 0x0f, 0xc0, 0x9e
	hlt
