# expect: reject R2-forbidden
# wrfsbase is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	wrfsbase %rax
	hlt
