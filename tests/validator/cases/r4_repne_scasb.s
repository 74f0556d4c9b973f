# expect: reject R4-string-addr32
# repne scasb without 0x67.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	repne scasb
	hlt
