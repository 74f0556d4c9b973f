# expect: reject R2-forbidden
# bts reg memory is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	btsl %eax, (%ecx)
	hlt
