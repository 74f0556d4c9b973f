# expect: reject R2-forbidden
# lss is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lss (%eax), %ecx
	hlt
