# expect: reject R2-forbidden
# lgdt is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	lgdt (%eax)
	hlt
