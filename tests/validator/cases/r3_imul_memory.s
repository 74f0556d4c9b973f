# expect: reject R3-addr32
# imul with a memory source.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	imull (%rax), %ecx
	hlt
