# expect: reject R2-forbidden
# xrstor is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xrstor (%eax)
	hlt
