# expect: reject R2-forbidden
# mov dr7 is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq %dr7, %rax
	hlt
