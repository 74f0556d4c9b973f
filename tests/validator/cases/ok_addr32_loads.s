# expect: accept
# Memory accesses with 0x67, in all addressing forms.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl (%eax), %ecx
	movq 8(%esp), %rax
	movq %rax, -8(%esp)
	movl (%eax,%ebx,4), %ecx
	movl 0x30000(,%ecx,8), %edx
	.bundle_lock
	addr32 movl 0x30000, %ecx
	.bundle_unlock
	movq data(%eip), %rax
	addl $1, (%ebx)
	lock addl $1, (%edi)
	lock cmpxchg16b (%edi)
	lock cmpxchg8b (%edi)
	lock xaddl %eax, (%ecx)
	xchgl %eax, (%ebx)
	pushq (%eax)
	popq (%eax)
	prefetcht0 (%eax)
	prefetchnta 64(%eax)
	prefetchw (%eax)
	btl $3, (%eax)
	lock btsl $3, (%eax)
	cmovel (%eax), %ecx
	sete (%eax)
data:
	hlt
	hlt
