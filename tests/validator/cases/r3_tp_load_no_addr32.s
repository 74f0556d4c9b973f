# expect: reject R3-addr32
# The thread-pointer load without addr32.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq 0x1F000, %rax
	hlt
