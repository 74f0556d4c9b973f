# expect: reject R2-decode
# adcx (ADX, not in x86-64-v3).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	adcxl %eax, %ecx
	hlt
