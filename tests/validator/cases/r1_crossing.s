# expect: reject R1-bundle
# An instruction crossing a bundle boundary.
	.text
	.globl _start
_start:
	.fill 30, 1, 0x90
	movl $1, %eax
	hlt
