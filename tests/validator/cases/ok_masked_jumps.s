# expect: accept
# A masked indirect jmp through every register.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	jmp *%rax
	.bundle_unlock
	.bundle_lock
	andl $-32, %ecx
	jmp *%rcx
	.bundle_unlock
	.bundle_lock
	andl $-32, %edx
	jmp *%rdx
	.bundle_unlock
	.bundle_lock
	andl $-32, %ebx
	jmp *%rbx
	.bundle_unlock
	.bundle_lock
	andl $-32, %esp
	jmp *%rsp
	.bundle_unlock
	.bundle_lock
	andl $-32, %ebp
	jmp *%rbp
	.bundle_unlock
	.bundle_lock
	andl $-32, %esi
	jmp *%rsi
	.bundle_unlock
	.bundle_lock
	andl $-32, %edi
	jmp *%rdi
	.bundle_unlock
	.bundle_lock
	andl $-32, %r8d
	jmp *%r8
	.bundle_unlock
	.bundle_lock
	andl $-32, %r9d
	jmp *%r9
	.bundle_unlock
	.bundle_lock
	andl $-32, %r10d
	jmp *%r10
	.bundle_unlock
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	.bundle_lock
	andl $-32, %r12d
	jmp *%r12
	.bundle_unlock
	.bundle_lock
	andl $-32, %r13d
	jmp *%r13
	.bundle_unlock
	.bundle_lock
	andl $-32, %r14d
	jmp *%r14
	.bundle_unlock
	.bundle_lock
	andl $-32, %r15d
	jmp *%r15
	.bundle_unlock
	hlt
