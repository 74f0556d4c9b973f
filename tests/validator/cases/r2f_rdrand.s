# expect: reject R2-forbidden
# rdrand is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rdrand %eax
	hlt
