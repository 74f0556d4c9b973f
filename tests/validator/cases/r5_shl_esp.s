# expect: reject R5-stack-pointer
# shl %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	shll $1, %esp
	hlt
