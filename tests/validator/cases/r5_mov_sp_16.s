# expect: reject R5-stack-pointer
# 16-bit mov into %sp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movw %ax, %sp
	hlt
