# expect: accept
# AVX, AVX2, FMA, F16C (VEX).
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	vmovaps %ymm0, %ymm1
	vmovups (%eax), %ymm2
	vmovdqu %ymm2, (%eax)
	vaddps %ymm1, %ymm2, %ymm3
	vmulpd (%eax), %ymm1, %ymm2
	vxorps %xmm0, %xmm0, %xmm0
	vpxor %ymm0, %ymm0, %ymm0
	vpaddd %ymm1, %ymm2, %ymm3
	vpshufb %ymm1, %ymm2, %ymm3
	vpermq $0x4e, %ymm1, %ymm2
	vpermd %ymm1, %ymm2, %ymm3
	vpermps %ymm1, %ymm2, %ymm3
	vperm2f128 $1, %ymm1, %ymm2, %ymm3
	vperm2i128 $1, %ymm1, %ymm2, %ymm3
	vinsertf128 $1, %xmm1, %ymm2, %ymm3
	vextractf128 $1, %ymm1, %xmm2
	vinserti128 $1, (%eax), %ymm2, %ymm3
	vextracti128 $1, %ymm1, (%eax)
	vbroadcastss %xmm0, %ymm1
	vbroadcastss (%eax), %ymm1
	vbroadcastsd %xmm0, %ymm1
	vbroadcastf128 (%eax), %ymm1
	vbroadcasti128 (%eax), %ymm1
	vpbroadcastb %xmm0, %ymm1
	vpbroadcastw (%eax), %xmm1
	vpbroadcastd %xmm0, %ymm1
	vpbroadcastq %xmm0, %ymm1
	vpsllvd %ymm1, %ymm2, %ymm3
	vpsrlvq %ymm1, %ymm2, %ymm3
	vpsravd %ymm1, %ymm2, %ymm3
	vpblendd $0xf0, %ymm1, %ymm2, %ymm3
	vblendvps %ymm0, %ymm1, %ymm2, %ymm3
	vpblendvb %ymm0, %ymm1, %ymm2, %ymm3
	vmaskmovps (%eax), %ymm1, %ymm2
	vmaskmovps %ymm2, %ymm1, (%eax)
	vpmaskmovd (%eax), %ymm1, %ymm2
	vpmaskmovq %ymm2, %ymm1, (%eax)
	vtestps %ymm1, %ymm2
	vptest %ymm1, %ymm2
	vpermilps $1, %ymm1, %ymm2
	vpermilpd %ymm1, %ymm2, %ymm3
	vfmadd132ps %ymm1, %ymm2, %ymm3
	vfmadd213sd %xmm1, %xmm2, %xmm3
	vfmadd231pd (%eax), %ymm2, %ymm3
	vfnmadd231ss %xmm1, %xmm2, %xmm3
	vfmsub132pd %ymm1, %ymm2, %ymm3
	vfnmsub213ps %ymm1, %ymm2, %ymm3
	vfmaddsub231ps %ymm1, %ymm2, %ymm3
	vfmsubadd132pd %ymm1, %ymm2, %ymm3
	vcvtph2ps %xmm1, %ymm2
	vcvtps2ph $0, %ymm1, %xmm2
	vcvtsi2sd %rax, %xmm1, %xmm2
	vcvttsd2si %xmm1, %rax
	vcvtss2si %xmm1, %ecx
	vmovd %xmm0, %eax
	vmovq %xmm0, %rcx
	vmovd %eax, %xmm0
	vpextrb $1, %xmm0, %eax
	vpextrw $1, %xmm0, %ecx
	vpextrd $1, %xmm0, %edx
	vpextrq $1, %xmm0, %r8
	vextractps $1, %xmm0, %eax
	vpinsrd $1, %eax, %xmm0, %xmm1
	vmovmskps %ymm0, %eax
	vpmovmskb %ymm0, %ecx
	vpcmpeqb %ymm1, %ymm2, %ymm3
	vpcmpgtq %ymm1, %ymm2, %ymm3
	vpminud %ymm1, %ymm2, %ymm3
	vpmovzxbd %xmm1, %ymm2
	vpmovsxwd (%eax), %ymm2
	vpunpcklqdq %ymm1, %ymm2, %ymm3
	vpalignr $8, %ymm1, %ymm2, %ymm3
	vpsrldq $8, %ymm1, %ymm2
	vpslld $3, %ymm1, %ymm2
	vroundps $1, %ymm1, %ymm2
	vdpps $0xff, %ymm1, %ymm2, %ymm3
	vaesenc %xmm1, %xmm2, %xmm3
	vpclmulqdq $0, %xmm1, %xmm2, %xmm3
	vcmpltps %ymm1, %ymm2, %ymm3
	vshufps $0, %ymm1, %ymm2, %ymm3
	vsqrtps %ymm1, %ymm2
	vrsqrtps %ymm1, %ymm2
	vmovddup %ymm1, %ymm2
	vlddqu (%eax), %ymm1
	vmovntdqa (%eax), %ymm1
	vldmxcsr (%esp)
	vstmxcsr (%esp)
	vzeroupper
	vzeroall
	hlt
