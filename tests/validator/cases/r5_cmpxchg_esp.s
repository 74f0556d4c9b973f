# expect: reject R5-stack-pointer
# cmpxchg with %esp as destination.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	cmpxchgl %eax, %esp
	hlt
