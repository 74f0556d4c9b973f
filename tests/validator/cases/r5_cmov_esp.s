# expect: reject R5-stack-pointer
# cmov into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	cmovel %eax, %esp
	hlt
