# expect: reject R2-forbidden
# far call is not allowed.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	lcallq *(%eax)
	.bundle_unlock
	hlt
