# expect: reject R2-decode
# An MMX instruction.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	paddb %mm0, %mm1
	hlt
