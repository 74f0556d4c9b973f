# expect: reject R2-forbidden
# far jmp is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	ljmpq *(%eax)
	hlt
