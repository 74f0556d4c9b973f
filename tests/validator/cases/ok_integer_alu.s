# expect: accept
# Integer instructions, register forms.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	addq %rax, %rbx
	subl $5, %ecx
	imulq %rcx, %rdx
	imull $100, %eax, %ecx
	shlq $3, %rax
	sarl %cl, %edx
	rolw $1, %ax
	negq %r9
	notl %r10d
	mulq %rcx
	divl %ecx
	idivq %r8
	cqto
	cltq
	cwtl
	movzbl %al, %eax
	movsbq %cl, %rdx
	movslq %eax, %rcx
	movzwl %ax, %ecx
	bswapq %rax
	bsfq %rax, %rcx
	bsrl %eax, %ecx
	popcntq %rax, %rcx
	lzcntl %eax, %ecx
	tzcntq %rax, %rcx
	btq %rax, %rcx
	btsq $3, %rax
	shldq $4, %rax, %rbx
	shrdl %cl, %eax, %edx
	cmovgq %rax, %rcx
	setne %al
	setb %r8b
	xaddq %rax, %rcx
	cmpxchgq %rcx, %rdx
	movabsq $0x123456789abcdef, %rax
	movw $1, %ax
	addw $1000, %cx
	incb %al
	decw %dx
	testl $0x100, %eax
	testb $1, %al
	sahf
	lahf
	clc
	stc
	cmc
	cld
	std
	crc32b %al, %ecx
	crc32w %ax, %ecx
	crc32q %rax, %rcx
	pause
	lfence
	mfence
	sfence
	int3
	ud2
	hlt
	hlt
