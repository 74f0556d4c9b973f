# expect: reject R2-forbidden
# ud getsec is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	getsec
	hlt
