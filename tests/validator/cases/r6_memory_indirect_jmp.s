# expect: reject R6-indirect-branch
# A memory-indirect jmp.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp *(%eax)
	hlt
