# expect: reject R2-forbidden
# pop gs is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq %gs
	hlt
