# expect: reject R2-forbidden
# sysexit is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x0f, 0x35
	hlt
