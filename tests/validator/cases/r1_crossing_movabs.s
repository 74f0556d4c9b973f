# expect: reject R1-bundle
# A 10-byte movabs crossing a bundle boundary.
	.text
	.globl _start
_start:
	.fill 27, 1, 0x90
	movabsq $0x123456789, %rax
	hlt
