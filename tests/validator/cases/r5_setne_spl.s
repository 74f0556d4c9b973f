# expect: reject R5-stack-pointer
# setne %spl.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	setne %spl
	hlt
