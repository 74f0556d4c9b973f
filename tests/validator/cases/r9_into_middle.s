# expect: reject R9-branch-target
# A jump into the middle of an instruction.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	jmp mid+1
mid:
	movl $0x12345678, %eax
	hlt
