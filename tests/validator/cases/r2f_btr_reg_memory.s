# expect: reject R2-forbidden
# btr reg memory is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	btrl %eax, (%ecx)
	hlt
