# expect: reject R2-forbidden
# jrcxz is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	1:
	jrcxz 1b
	hlt
