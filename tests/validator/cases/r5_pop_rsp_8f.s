# expect: reject R5-stack-pointer
# pop %rsp in the 8F /0 form.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.byte 0x8f, 0xc4
	hlt
