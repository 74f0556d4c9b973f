# expect: reject R3-addr32
# A VEX store.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vmovaps %ymm2, 32(%rdx)
	hlt
