# expect: reject R3-addr32
# Base plus scaled index.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl (%rax,%rbx,4), %ecx
	hlt
