# expect: reject R6-indirect-branch
# pop %r11; jmp *%r11 without the mask.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq %r11
	jmp *%r11
	hlt
