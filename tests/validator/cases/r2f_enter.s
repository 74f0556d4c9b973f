# expect: reject R2-forbidden
# enter is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	enter $16, $0
	hlt
