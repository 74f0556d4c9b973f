# expect: reject R5-stack-pointer
# neg %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	negl %esp
	hlt
