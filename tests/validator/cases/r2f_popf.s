# expect: reject R2-forbidden
# popf is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popfq
	hlt
