# expect: reject R5-stack-pointer
# popcnt into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popcntl %eax, %esp
	hlt
