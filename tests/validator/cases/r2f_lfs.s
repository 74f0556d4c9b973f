# expect: reject R2-forbidden
# lfs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lfs (%eax), %ecx
	hlt
