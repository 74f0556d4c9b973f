# expect: accept
# x87 instructions.
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	fldl (%eax)
	flds 4(%eax)
	fldt (%eax)
	fildl (%eax)
	fildll (%eax)
	fistpll (%eax)
	fisttpl (%eax)
	fstpl (%eax)
	fstpt (%eax)
	fld %st(1)
	fxch %st(1)
	faddp %st, %st(1)
	fmul %st(1), %st
	fdivrp %st, %st(1)
	fsubl (%eax)
	fcomip %st(1), %st
	fucomip %st(1), %st
	fucompp
	fchs
	fabs
	fsqrt
	fsin
	fcos
	fprem
	frndint
	fscale
	fld1
	fldz
	fldpi
	fnstcw (%esp)
	fldcw (%esp)
	fnstsw %ax
	fnstsw (%esp)
	fnstenv (%esp)
	fldenv (%esp)
	fnclex
	fninit
	fwait
	fcmovb %st(1), %st
	fcmovnbe %st(2), %st
	fstp %st(0)
	ffree %st(3)
	hlt
