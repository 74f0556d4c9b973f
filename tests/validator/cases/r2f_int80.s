# expect: reject R2-forbidden
# int80 is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	int $0x80
	hlt
