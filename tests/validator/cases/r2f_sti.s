# expect: reject R2-forbidden
# sti is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	sti
	hlt
