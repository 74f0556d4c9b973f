# expect: accept
# The rewritten syscall: lea 1f(%rip),%r11; jmp 0x10000, ending a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl $60, %eax
	.bundle_lock align_to_end
	leaq 1f(%rip), %r11
	jmp 0x10000
	.bundle_unlock
1:
	jmp 0x10020
	jmp 0x1efe0
	hlt
