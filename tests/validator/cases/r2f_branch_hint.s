# expect: reject R2-forbidden
# branch hint is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x3e, 0x74, 0x00
	hlt
