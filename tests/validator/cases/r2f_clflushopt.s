# expect: reject R2-forbidden
# clflushopt is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	clflushopt (%eax)
	hlt
