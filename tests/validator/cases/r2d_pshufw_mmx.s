# expect: reject R2-decode
# pshufw (MMX).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	pshufw $1, %mm0, %mm1
	hlt
