# expect: accept
# The allowed writes of %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl %eax, %esp
	movl (%esp), %esp
	addl $8, %esp
	subl $16, %esp
	andl $-16, %esp
	addl $1024, %esp
	subl $4096, %esp
	andl $-4096, %esp
	leal 8(%rsp), %esp
	leal -64(%rbp), %esp
	.p2align 4
	.byte 0x01, 0xc4
	.p2align 4
	.byte 0x03, 0xe0
	.p2align 4
	.byte 0x29, 0xc4
	.p2align 4
	.byte 0x2b, 0xe0
	.p2align 4
	.byte 0x21, 0xc4
	.p2align 4
	.byte 0x23, 0xe0
	.p2align 4
	.byte 0x89, 0xc4
	.p2align 4
	.byte 0x8b, 0xe0
	.p2align 4
	.byte 0xc7, 0xc4, 0x00, 0x10, 0x00, 0x00
	pushq %rax
	popq %rax
	pushq $1
	popq %r12
	movq %rsp, %rbp
	cmpq %rax, %rsp
	movb $1, %ah
	movb %al, %r12b
	movq %r12, %rax
	xchgq %rax, %r12
	movl %esp, %eax
	hlt
