# expect: reject R2-forbidden
# swapgs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	swapgs
	hlt
