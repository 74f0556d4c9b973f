# expect: reject R5-stack-pointer
# sbb into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	sbbl %eax, %esp
	hlt
