# expect: reject R2-forbidden
# repeated 66 not nop is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x66, 0x66, 0x01, 0xc0
	hlt
