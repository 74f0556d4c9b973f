# expect: reject R2-forbidden
# btc reg memory is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	btcl %eax, (%ecx)
	hlt
