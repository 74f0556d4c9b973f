// float, double, long double -> __int128, truncating toward zero: __fix{,uns}{sf,df,xf}ti
// (builtins.h). A value below 2^63 in magnitude is converted by the processor; a larger one is an
// integer whose significand only needs shifting left. Out of range and NaN: see builtins.h.
#include "float_bits.h"

static const zvm_i128 kInt128Min = (zvm_i128)((zvm_u128)1 << 127);
static const zvm_u128 kUint128Max = ~(zvm_u128)0;

// A finite value of magnitude in [2^63, 2^128) as significand * 2^shift, shift >= 0; returns
// the magnitude, or 0 with *too_big set when it does not fit in 128 bits.
static zvm_u128 scale(zvm_u64 significand, int shift, int* too_big) {
    int bits = 64 - __builtin_clzll(significand) + shift;
    *too_big = bits > 128;
    return *too_big ? 0 : (zvm_u128)significand << shift;
}

// Signed result from the magnitude: INT128_MIN itself is in range, anything larger is not.
static zvm_i128 signed_result(zvm_u128 m, int negative, int too_big) {
    if (too_big) return kInt128Min;
    if (negative) return m > ((zvm_u128)1 << 127) ? kInt128Min : (zvm_i128)-m;
    return m >= ((zvm_u128)1 << 127) ? kInt128Min : (zvm_i128)m;
}

zvm_i128 __fixsfti(float a) {
    if (a > -0x1p63f && a < 0x1p63f) return (zvm_i64)a;
    union zvm_float_bits b = {.f = a};
    int exponent = (int)((b.u >> 23) & 0xff);
    if (exponent == 0xff) return kInt128Min; // inf, NaN
    int too_big;
    zvm_u128 m = scale((b.u & 0x7fffff) | 0x800000, exponent - 127 - 23, &too_big);
    return signed_result(m, (int)(b.u >> 31), too_big);
}

zvm_i128 __fixdfti(double a) {
    if (a > -0x1p63 && a < 0x1p63) return (zvm_i64)a;
    union zvm_double_bits b = {.f = a};
    int exponent = (int)((b.u >> 52) & 0x7ff);
    if (exponent == 0x7ff) return kInt128Min;
    int too_big;
    zvm_u128 m = scale((b.u & ((1ull << 52) - 1)) | (1ull << 52), exponent - 1023 - 52, &too_big);
    return signed_result(m, (int)(b.u >> 63), too_big);
}

zvm_i128 __fixxfti(long double a) {
    if (a > -0x1p63L && a < 0x1p63L) return (zvm_i64)a;
    union zvm_long_double_bits b = {.f = a};
    int exponent = b.parts.sign_exponent & 0x7fff;
    if (exponent == 0x7fff) return kInt128Min;
    int too_big;
    zvm_u128 m = scale(b.parts.mantissa, exponent - 16383 - 63, &too_big);
    return signed_result(m, b.parts.sign_exponent >> 15, too_big);
}

zvm_u128 __fixunssfti(float a) {
    if (!(a > -1.0f)) return 0; // negative, or NaN
    if (a < 0x1p64f) return (zvm_u64)a;
    union zvm_float_bits b = {.f = a};
    int exponent = (int)((b.u >> 23) & 0xff);
    int too_big;
    zvm_u128 m = scale((b.u & 0x7fffff) | 0x800000, exponent - 127 - 23, &too_big);
    return too_big || exponent == 0xff ? kUint128Max : m;
}

zvm_u128 __fixunsdfti(double a) {
    if (!(a > -1.0)) return 0;
    if (a < 0x1p64) return (zvm_u64)a;
    union zvm_double_bits b = {.f = a};
    int exponent = (int)((b.u >> 52) & 0x7ff);
    int too_big;
    zvm_u128 m = scale((b.u & ((1ull << 52) - 1)) | (1ull << 52), exponent - 1023 - 52, &too_big);
    return too_big || exponent == 0x7ff ? kUint128Max : m;
}

zvm_u128 __fixunsxfti(long double a) {
    if (!(a > -1.0L)) return 0;
    if (a < 0x1p64L) return (zvm_u64)a;
    union zvm_long_double_bits b = {.f = a};
    int exponent = b.parts.sign_exponent & 0x7fff;
    int too_big;
    zvm_u128 m = scale(b.parts.mantissa, exponent - 16383 - 63, &too_big);
    return too_big || exponent == 0x7fff ? kUint128Max : m;
}
