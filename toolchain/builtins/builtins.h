// libzvmrt: the compiler builtins that clang-19 calls for x86-64 and that a static nexe must
// carry itself (Debian's libclang_rt/libgcc are host code that never went through zvm-as).
// Our own implementations, compiled with zcc into SYSROOT/lib/libzvmrt.a, which zcc links by
// default after libc. The list is what clang-19 emits calls to at -O0..-O3/-Os for x86-64
// (checked by compiling every C construct that needs one, see docs/toolchain.md):
//   __int128 division          __udivti3 __umodti3 __divti3 __modti3
//   __int128 <-> floating      __float{,un}ti{sf,df,xf} __fix{,uns}{sf,df,xf}ti
//   _Complex * and /           __mul{sc,dc,xc}3 __div{sc,dc,xc}3 (C11 Annex G)
//   __builtin_powi             __powi{sf,df,xf}2
//   _Float16                   __extendhfsf2 __trunc{sf,df,xf}hf2
// Everything else clang needs on x86-64 (shifts and products of __int128, popcount, clz/ctz,
// overflow checks incl. __int128's, bswap) it expands inline. Not provided: __bf16 conversions
// (__truncsfbf2), 16-byte and generic __atomic_* calls (libatomic), __float128 arithmetic.
//
// The code uses no C library header and calls nothing: it is built -ffreestanding.
#pragma once

typedef unsigned __int128 zvm_u128;
typedef __int128 zvm_i128;
typedef unsigned long long zvm_u64;
typedef long long zvm_i64;

// Integer division of __int128 (C semantics: truncation toward zero; dividing by zero or
// INT128_MIN / -1 is undefined, as in C).
zvm_u128 __udivti3(zvm_u128 n, zvm_u128 d);
zvm_u128 __umodti3(zvm_u128 n, zvm_u128 d);
zvm_i128 __divti3(zvm_i128 n, zvm_i128 d);
zvm_i128 __modti3(zvm_i128 n, zvm_i128 d);

// __int128 -> floating: one rounding, in the current rounding mode.
float __floattisf(zvm_i128 a);
double __floattidf(zvm_i128 a);
long double __floattixf(zvm_i128 a);
float __floatuntisf(zvm_u128 a);
double __floatuntidf(zvm_u128 a);
long double __floatuntixf(zvm_u128 a);

// floating -> __int128, truncating toward zero. Out of range (and NaN) is undefined in C; these
// return the x86 "integer indefinite" analogue: INT128_MIN for signed, and for unsigned 0 below
// zero and UINT128_MAX above the range.
zvm_i128 __fixsfti(float a);
zvm_i128 __fixdfti(double a);
zvm_i128 __fixxfti(long double a);
zvm_u128 __fixunssfti(float a);
zvm_u128 __fixunsdfti(double a);
zvm_u128 __fixunsxfti(long double a);

// (a + ib) * (c + id) and (a + ib) / (c + id) with the infinity/NaN recovery of C11 Annex G.
float _Complex __mulsc3(float a, float b, float c, float d);
double _Complex __muldc3(double a, double b, double c, double d);
long double _Complex __mulxc3(long double a, long double b, long double c, long double d);
float _Complex __divsc3(float a, float b, float c, float d);
double _Complex __divdc3(double a, double b, double c, double d);
long double _Complex __divxc3(long double a, long double b, long double c, long double d);

// x to the integer power n by repeated squaring (what __builtin_powi promises: not correctly
// rounded).
float __powisf2(float x, int n);
double __powidf2(double x, int n);
long double __powixf2(long double x, int n);

// Half precision (IEEE binary16), rounding to nearest, ties to even; NaNs stay
// NaNs (quieted), infinities and signed zeros are kept.
float __extendhfsf2(_Float16 h);
_Float16 __truncsfhf2(float f);
_Float16 __truncdfhf2(double f);
_Float16 __truncxfhf2(long double f);
