# expect: reject R3-segment
# A %fs load (with 0x67, so only the segment rule is broken).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl %fs:(%eax), %ecx
	hlt
