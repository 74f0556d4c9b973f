# expect: reject R2-forbidden
# xabort is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xabort $1
	hlt
