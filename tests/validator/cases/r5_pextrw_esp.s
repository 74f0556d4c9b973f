# expect: reject R5-stack-pointer
# pextrw into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pextrw $0, %xmm0, %esp
	hlt
