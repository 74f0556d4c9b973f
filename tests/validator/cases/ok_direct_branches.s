# expect: accept
# Direct branches to instruction starts, both directions.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	top:
	je next
	jne.d32 top
	jmp top
	jmp.d32 next
next:
	nop
	.bundle_lock align_to_end
	call top
	.bundle_unlock
	.bundle_lock align_to_end
	call next
	.bundle_unlock
	jg top
	hlt
