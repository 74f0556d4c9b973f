# expect: accept
# String instructions with 0x67 (addr32 is a separate MC instruction: keep it in a bundle-locked group).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	rep movsb (%esi), %es:(%edi)
	rep stosq %rax, %es:(%edi)
	lodsb (%esi), %al
	repne scasb %es:(%edi), %al
	cmpsb %es:(%edi), (%esi)
	movsq (%esi), %es:(%edi)
	.bundle_lock
	addr32 xlat
	.bundle_unlock
	.bundle_lock
	addr32 maskmovdqu %xmm1, %xmm0
	.bundle_unlock
	hlt
