# expect: reject R3-addr32
# BMI andn with a memory operand.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	andnl (%rax), %ecx, %edx
	hlt
