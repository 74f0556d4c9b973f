# expect: reject R4-string-addr32
# xlat without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	xlat
	hlt
