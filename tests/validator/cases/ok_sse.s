# expect: accept
# SSE through SSE4.2, AES, PCLMUL.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movaps %xmm0, %xmm1
	movups (%eax), %xmm2
	movups %xmm2, (%eax)
	movss (%eax), %xmm3
	movsd %xmm3, 8(%esp)
	addps %xmm1, %xmm0
	mulsd %xmm1, %xmm0
	divss (%eax), %xmm0
	sqrtpd %xmm1, %xmm0
	cvtsi2sdq %rax, %xmm0
	cvttsd2si %xmm0, %rax
	cvtss2si %xmm0, %ecx
	ucomisd %xmm1, %xmm0
	comiss (%eax), %xmm0
	andps %xmm1, %xmm0
	xorpd %xmm0, %xmm0
	movmskps %xmm0, %eax
	pmovmskb %xmm0, %ecx
	movd %eax, %xmm0
	movq %rax, %xmm1
	movd %xmm0, %eax
	movq %xmm1, %rcx
	movq %xmm1, %xmm2
	movq (%eax), %xmm2
	movq %xmm2, (%eax)
	movdqa %xmm0, %xmm1
	movdqu (%eax), %xmm1
	paddd %xmm1, %xmm0
	psubq %xmm1, %xmm0
	pcmpeqb %xmm1, %xmm0
	pshufd $0x1b, %xmm0, %xmm1
	pshuflw $0, %xmm0, %xmm1
	psrldq $4, %xmm0
	pslld $3, %xmm0
	psraw %xmm1, %xmm0
	punpcklbw %xmm1, %xmm0
	packuswb %xmm1, %xmm0
	pinsrw $1, %eax, %xmm0
	pextrw $1, %xmm0, %eax
	shufps $0, %xmm1, %xmm0
	cmpltps %xmm1, %xmm0
	cvtdq2ps %xmm0, %xmm1
	cvttps2dq %xmm0, %xmm1
	cvtps2pd %xmm0, %xmm1
	unpcklps %xmm1, %xmm0
	movhlps %xmm1, %xmm0
	movlhps %xmm1, %xmm0
	movhps (%eax), %xmm0
	movlps %xmm0, (%eax)
	lddqu (%eax), %xmm0
	haddps %xmm1, %xmm0
	movddup %xmm1, %xmm0
	pshufb %xmm1, %xmm0
	pabsd %xmm1, %xmm0
	palignr $4, %xmm1, %xmm0
	pmulhrsw %xmm1, %xmm0
	pblendvb %xmm0, %xmm1, %xmm2
	blendvps %xmm0, %xmm1, %xmm2
	ptest %xmm1, %xmm0
	pmovzxbw %xmm1, %xmm0
	pmovsxdq (%eax), %xmm0
	pminsd %xmm1, %xmm0
	pmulld %xmm1, %xmm0
	pcmpeqq %xmm1, %xmm0
	pcmpgtq %xmm1, %xmm0
	packusdw %xmm1, %xmm0
	roundsd $4, %xmm1, %xmm0
	blendps $3, %xmm1, %xmm0
	pextrb $1, %xmm0, %eax
	pextrd $1, %xmm0, %ecx
	pextrq $1, %xmm0, %rdx
	pextrd $1, %xmm0, (%eax)
	extractps $1, %xmm0, %eax
	pinsrb $1, %eax, %xmm0
	pinsrq $1, %rax, %xmm0
	insertps $0x10, %xmm1, %xmm0
	dpps $0xff, %xmm1, %xmm0
	mpsadbw $0, %xmm1, %xmm0
	pcmpistri $0, %xmm1, %xmm0
	pcmpestrm $0, (%eax), %xmm0
	movntdqa (%eax), %xmm0
	aesenc %xmm1, %xmm0
	aesdeclast %xmm1, %xmm0
	aesimc %xmm1, %xmm0
	aeskeygenassist $1, %xmm1, %xmm0
	pclmulqdq $0, %xmm1, %xmm0
	ldmxcsr (%esp)
	stmxcsr -4(%esp)
	hlt
