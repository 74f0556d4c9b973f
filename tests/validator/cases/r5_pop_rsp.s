# expect: reject R5-stack-pointer
# pop %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq %rsp
	hlt
