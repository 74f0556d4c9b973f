# expect: reject R7-return
# rep ret.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rep ret
	hlt
