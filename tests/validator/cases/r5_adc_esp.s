# expect: reject R5-stack-pointer
# adc into %esp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	adcl $0, %esp
	hlt
