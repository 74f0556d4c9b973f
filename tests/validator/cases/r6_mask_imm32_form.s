# expect: reject R6-indirect-branch
# The mask in the 81 /4 imm32 form.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	.bundle_lock
	.byte 0x81, 0xe0, 0xe0, 0xff, 0xff, 0xff
	jmp *%rax
	.bundle_unlock
	hlt
