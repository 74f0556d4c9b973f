# expect: reject R2-decode
# Two REX prefixes.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x48, 0x48, 0x89, 0xc0
	hlt
