# expect: reject R6-indirect-branch
# An unmasked call *%rcx ending a bundle.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	call *%rcx
	.bundle_unlock
	hlt
