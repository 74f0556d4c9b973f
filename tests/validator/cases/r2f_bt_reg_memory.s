# expect: reject R2-forbidden
# bt reg memory is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	btq %rax, (%ecx)
	hlt
