# expect: reject R5-stack-pointer
# xor into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xorl %eax, %esp
	hlt
