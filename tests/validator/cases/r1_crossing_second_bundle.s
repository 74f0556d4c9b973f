# expect: reject R1-bundle
# An instruction crossing from the second into the third bundle.
	.text
	.globl _start
_start:
	.fill 62, 1, 0x90
	negq %rax
	hlt
