# expect: reject R5-stack-pointer
# xchg with %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xchgq %rax, %rsp
	hlt
