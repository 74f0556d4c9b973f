# expect: reject R2-forbidden
# lar is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	larl %eax, %ecx
	hlt
