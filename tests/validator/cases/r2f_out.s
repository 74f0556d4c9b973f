# expect: reject R2-forbidden
# out is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	outb %al, $0x60
	hlt
