# expect: reject R2-forbidden
# rdtscp is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rdtscp
	hlt
