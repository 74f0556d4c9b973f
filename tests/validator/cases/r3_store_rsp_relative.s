# expect: reject R3-addr32
# A %rsp-relative store without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq %rax, 8(%rsp)
	hlt
