# expect: reject R2-forbidden
# push fs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pushq %fs
	hlt
