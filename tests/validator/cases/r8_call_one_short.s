# expect: reject R8-call-alignment
# A call ending one byte before the bundle end.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	call target
	nop
	.bundle_unlock
target:
	hlt
	hlt
