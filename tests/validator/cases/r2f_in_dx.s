# expect: reject R2-forbidden
# in dx is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	inl %dx, %eax
	hlt
