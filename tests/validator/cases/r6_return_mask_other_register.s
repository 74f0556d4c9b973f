# expect: reject R6-indirect-branch
# The return sequence masking %r10d instead of %r11d.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	popq %r11
	.bundle_lock
	andl $-32, %r10d
	jmp *%r11
	.bundle_unlock
	hlt
