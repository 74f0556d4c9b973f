# expect: reject R5-stack-pointer
# 64-bit add to %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	addq $8, %rsp
	hlt
