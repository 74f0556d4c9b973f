# expect: reject R7-return
# A plain ret.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	ret
	hlt
