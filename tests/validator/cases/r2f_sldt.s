# expect: reject R2-forbidden
# sldt is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	sldt %eax
	hlt
