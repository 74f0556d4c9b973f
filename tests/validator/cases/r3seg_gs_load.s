# expect: reject R3-segment
# A %gs load.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl %gs:(%eax), %ecx
	hlt
