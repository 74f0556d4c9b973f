# expect: reject R3-addr32
# FMA with a memory operand.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vfmadd231ps (%rax), %ymm1, %ymm2
	hlt
