# expect: reject R9-branch-target
# A rel32 conditional branch into the middle of an instruction.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	je.d32 mid+3
mid:
	movl $0x12345678, %eax
	hlt
