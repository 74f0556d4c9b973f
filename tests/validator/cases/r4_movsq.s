# expect: reject R4-string-addr32
# movsq without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movsq
	hlt
