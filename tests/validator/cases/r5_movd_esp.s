# expect: reject R5-stack-pointer
# movd %xmm0, %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movd %xmm0, %esp
	hlt
