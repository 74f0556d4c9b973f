# expect: reject R2-forbidden
# mov cr0 is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movq %cr0, %rax
	hlt
