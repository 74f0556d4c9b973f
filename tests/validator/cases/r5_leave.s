# expect: reject R5-stack-pointer
# leave (sets %rsp from %rbp).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	leave
	hlt
