# expect: reject R5-stack-pointer
# 8-bit mov into %spl (REX).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movb $1, %spl
	hlt
