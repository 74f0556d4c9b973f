# expect: reject R5-stack-pointer
# 16-bit add to %sp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	addw $8, %sp
	hlt
