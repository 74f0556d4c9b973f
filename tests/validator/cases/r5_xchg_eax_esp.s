# expect: reject R5-stack-pointer
# xchg %eax, %esp (the 94 form).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x94
	hlt
