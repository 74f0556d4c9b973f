# expect: reject R3-addr32
# ldmxcsr.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	ldmxcsr (%rax)
	hlt
