# expect: reject R5-stack-pointer
# mov %rax, %rsp (64-bit write).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq %rax, %rsp
	hlt
