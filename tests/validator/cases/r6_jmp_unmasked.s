# expect: reject R6-indirect-branch
# An unmasked jmp *%rax.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp *%rax
	hlt
