# expect: reject R7-return
# ret $8.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	ret $8
	hlt
