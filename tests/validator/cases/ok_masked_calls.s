# expect: accept
# A masked indirect call through every register, ending a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	andl $-32, %eax
	call *%rax
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %ecx
	call *%rcx
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %edx
	call *%rdx
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %ebx
	call *%rbx
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %esp
	call *%rsp
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %ebp
	call *%rbp
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %esi
	call *%rsi
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %edi
	call *%rdi
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r8d
	call *%r8
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r9d
	call *%r9
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r10d
	call *%r10
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r11d
	call *%r11
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r12d
	call *%r12
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r13d
	call *%r13
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r14d
	call *%r14
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r15d
	call *%r15
	.bundle_unlock
	hlt
