# expect: reject R2-forbidden
# clflush is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	clflush (%eax)
	hlt
