# expect: reject R3-addr32
# A %rip-relative load without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq data(%rip), %rax
data:
	hlt
	hlt
