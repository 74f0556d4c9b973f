# expect: reject R7-return
# A far ret $imm.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lretq $8
	hlt
