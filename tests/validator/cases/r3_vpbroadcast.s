# expect: reject R3-addr32
# AVX2 broadcast from memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vpbroadcastd (%rax), %ymm0
	hlt
