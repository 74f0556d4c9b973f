# expect: reject R3-addr32
# inc on memory.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	incl 4(%rcx)
	hlt
