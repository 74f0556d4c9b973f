# expect: reject R3-addr32
# shift on memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	shll $3, (%rdx)
	hlt
