# expect: reject R5-stack-pointer
# inc %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	incl %esp
	hlt
