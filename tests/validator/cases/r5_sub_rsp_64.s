# expect: reject R5-stack-pointer
# 64-bit sub from %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	subq $64, %rsp
	hlt
