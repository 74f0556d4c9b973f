# expect: reject R2-decode
# F6 /1 (undocumented test alias).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf6, 0xc8, 0x01
	hlt
