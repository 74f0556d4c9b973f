# expect: reject R2-forbidden
# into is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xce
	hlt
