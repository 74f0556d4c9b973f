# expect: reject R2-forbidden
# lgs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lgs (%eax), %ecx
	hlt
