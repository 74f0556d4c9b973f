# expect: reject R5-stack-pointer
# 64-bit lea into %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	leaq 8(%rsp), %rsp
	hlt
