# expect: reject R3-addr32
# cmov from memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	cmovel (%rax), %ecx
	hlt
