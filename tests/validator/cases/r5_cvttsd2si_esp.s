# expect: reject R5-stack-pointer
# cvttsd2si into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	cvttsd2si %xmm0, %esp
	hlt
