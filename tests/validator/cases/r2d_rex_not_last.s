# expect: reject R2-decode
# REX prefix not last.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x48, 0x67, 0x8b, 0x00
	hlt
