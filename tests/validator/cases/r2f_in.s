# expect: reject R2-forbidden
# in is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	inb $0x60, %al
	hlt
