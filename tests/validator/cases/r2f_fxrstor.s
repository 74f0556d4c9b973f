# expect: reject R2-forbidden
# fxrstor is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	fxrstor (%eax)
	hlt
