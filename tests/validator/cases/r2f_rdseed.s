# expect: reject R2-forbidden
# rdseed is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rdseed %eax
	hlt
