# expect: reject R8-call-alignment
# A call that does not end a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	call target
target:
	hlt
	hlt
