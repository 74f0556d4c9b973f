# expect: reject R5-stack-pointer
# bswap %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	bswap %esp
	hlt
