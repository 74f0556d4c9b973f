# expect: reject R2-forbidden
# movnti is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movnti %eax, (%ecx)
	hlt
