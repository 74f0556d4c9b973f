# expect: reject R5-stack-pointer
# pmovmskb into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pmovmskb %xmm0, %esp
	hlt
