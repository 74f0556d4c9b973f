# expect: reject R2-forbidden
# sysret is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	sysretq
	hlt
