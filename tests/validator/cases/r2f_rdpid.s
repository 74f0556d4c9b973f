# expect: reject R2-forbidden
# rdpid is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rdpid %rax
	hlt
