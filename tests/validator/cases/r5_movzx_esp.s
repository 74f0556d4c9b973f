# expect: reject R5-stack-pointer
# movzwl into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movzwl %ax, %esp
	hlt
