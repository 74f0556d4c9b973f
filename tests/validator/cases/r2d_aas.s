# expect: reject R2-decode
# aas (invalid in 64-bit mode).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x3f
	hlt
