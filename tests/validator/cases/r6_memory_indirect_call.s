# expect: reject R6-indirect-branch
# A memory-indirect call (ending a bundle).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	call *(%eax)
	.bundle_unlock
	hlt
