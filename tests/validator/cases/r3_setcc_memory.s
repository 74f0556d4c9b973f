# expect: reject R3-addr32
# setcc to memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	sete (%rax)
	hlt
