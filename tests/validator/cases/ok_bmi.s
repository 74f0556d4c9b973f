# expect: accept
# BMI1/BMI2 with GPR destinations other than %rsp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	andnl %eax, %ecx, %edx
	andnq (%eax), %rcx, %rdx
	blsrq %rax, %rcx
	blsmskl %eax, %ecx
	blsil %eax, %ecx
	bzhiq %rax, %rcx, %rdx
	bextrl %eax, %ecx, %edx
	pdepq %rax, %rcx, %rdx
	pextl %eax, %ecx, %edx
	mulxq %rax, %rcx, %rdx
	rorxq $5, %rax, %rcx
	sarxl %eax, %ecx, %edx
	shlxq %rax, %rcx, %rdx
	shrxl %eax, (%ecx), %edx
	hlt
