# expect: reject R5-stack-pointer
# or $imm into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	orl $0, %esp
	hlt
