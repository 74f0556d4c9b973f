# expect: reject R2-decode
# emms (MMX).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	emms
	hlt
