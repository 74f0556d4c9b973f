# expect: reject R2-forbidden
# wrgsbase is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	wrgsbase %rax
	hlt
