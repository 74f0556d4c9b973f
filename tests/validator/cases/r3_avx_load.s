# expect: reject R3-addr32
# A VEX load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vmovdqu (%rsi), %ymm1
	hlt
