# expect: reject R3-addr32
# movbe load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movbel (%rax), %ecx
	hlt
