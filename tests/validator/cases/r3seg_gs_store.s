# expect: reject R3-segment
# A %gs store.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl %ecx, %gs:8(%eax)
	hlt
