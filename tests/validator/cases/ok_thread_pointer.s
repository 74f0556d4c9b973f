# expect: accept
# The rewritten %fs:0 load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	addr32 movq 0x1F000, %rax
	.bundle_unlock
	.bundle_lock
	addr32 movq 0x1F000, %r12
	.bundle_unlock
	hlt
