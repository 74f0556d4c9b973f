# expect: reject R8-call-alignment
# A masked indirect call that does not end a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	andl $-32, %eax
	call *%rax
	.bundle_unlock
	hlt
	hlt
