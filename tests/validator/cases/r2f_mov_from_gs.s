# expect: reject R2-forbidden
# mov from gs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movw %gs, %ax
	hlt
