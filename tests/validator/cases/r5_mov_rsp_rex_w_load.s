# expect: reject R5-stack-pointer
# 64-bit load into %rsp (with 0x67).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq (%eax), %rsp
	hlt
