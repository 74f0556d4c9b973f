# expect: reject R7-return
# bnd ret (F2 C3).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0xf2, 0xc3
	hlt
