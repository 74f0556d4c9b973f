# expect: reject R2-forbidden
# insb is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	insb
	hlt
