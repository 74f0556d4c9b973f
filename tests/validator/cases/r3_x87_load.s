# expect: reject R3-addr32
# An x87 load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	fldl (%rax)
	hlt
