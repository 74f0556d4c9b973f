# expect: reject R2-forbidden
# mov to fs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movw %ax, %fs
	hlt
