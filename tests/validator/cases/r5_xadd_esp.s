# expect: reject R5-stack-pointer
# xadd into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xaddl %eax, %esp
	hlt
