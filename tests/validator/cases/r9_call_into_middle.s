# expect: reject R9-branch-target
# A call into the middle of an instruction.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock align_to_end
	call mid+2
	.bundle_unlock
mid:
	movl $0x12345678, %eax
	hlt
