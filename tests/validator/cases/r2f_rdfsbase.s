# expect: reject R2-forbidden
# rdfsbase is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rdfsbase %rax
	hlt
