# expect: reject R5-stack-pointer
# mov $imm32, %esp in the BC form (only C7 /0 is allowed).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl $4096, %esp
	hlt
