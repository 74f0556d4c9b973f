# expect: reject R2-forbidden
# repeated 67 is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x67, 0x67, 0x8b, 0x00
	hlt
