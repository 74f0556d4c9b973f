// IEEE binary16 conversions: __extendhfsf2 and __trunc{sf,df,xf}hf2 (builtins.h). Done on the
// bits (the compiler would call these very functions for a conversion written in C): widening
// is exact; narrowing rounds to nearest, ties to even, from the source's full significand (no
// double rounding through float).
#include "float_bits.h"

union zvm_half_bits {
    _Float16 h;
    unsigned short u;
};

float __extendhfsf2(_Float16 h) {
    union zvm_half_bits in = {.h = h};
    unsigned sign = (unsigned)(in.u >> 15) << 31;
    unsigned exponent = (in.u >> 10) & 0x1f, mantissa = in.u & 0x3ff;
    union zvm_float_bits out;
    if (exponent == 0x1f) { // inf; NaN quieted, payload kept
        out.u = sign | 0x7f800000u | (mantissa ? 0x400000u | (mantissa << 13) : 0);
    } else if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float
        out.f = (float)mantissa * 0x1p-24f;
        out.u |= sign;
    } else {
        out.u = sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
    }
    return out.f;
}

// A finite nonzero value +-significand * 2^(exponent - 63), significand's top bit set, rounded to
// binary16.
static unsigned short round_to_half(unsigned sign, int exponent, zvm_u64 significand) {
    unsigned short s = (unsigned short)(sign << 15);
    if (exponent > 15) return s | 0x7c00; // overflow: infinity
    // Units of the result: 2^-10 relative for a normal, 2^-24 absolute for a subnormal.
    int shift = exponent >= -14 ? 53 : 53 + (-14 - exponent);
    if (shift > 100) return s; // far below the smallest subnormal: zero
    zvm_u128 value = significand;
    zvm_u64 q = (zvm_u64)(value >> shift);
    zvm_u128 rest = value & (((zvm_u128)1 << shift) - 1);
    zvm_u128 half = (zvm_u128)1 << (shift - 1);
    if (rest > half || (rest == half && (q & 1))) ++q;
    if (exponent < -14) return s | (unsigned short)q; // q == 0x400 is the smallest normal
    if (q == 0x800) {                                 // rounded up to the next binade
        q = 0x400;
        ++exponent;
        if (exponent > 15) return s | 0x7c00;
    }
    return s | (unsigned short)((exponent + 15) << 10) | (unsigned short)(q & 0x3ff);
}

static _Float16 from_bits(unsigned short u) {
    union zvm_half_bits out = {.u = u};
    return out.h;
}

// NaN (quieted, the payload's top bits kept), infinity, zero.
static unsigned short special_half(unsigned sign, int is_nan, zvm_u64 payload_top10) {
    unsigned short s = (unsigned short)(sign << 15);
    if (is_nan) return s | 0x7e00 | (unsigned short)(payload_top10 & 0x1ff);
    return s | 0x7c00;
}

_Float16 __truncsfhf2(float f) {
    union zvm_float_bits in = {.f = f};
    unsigned sign = in.u >> 31;
    int exponent = (int)((in.u >> 23) & 0xff);
    unsigned mantissa = in.u & 0x7fffff;
    if (exponent == 0xff) return from_bits(special_half(sign, mantissa != 0, mantissa >> 13));
    if (exponent == 0) return from_bits((unsigned short)(sign << 15)); // zero; subnormals < 2^-25
    zvm_u64 significand = (zvm_u64)(mantissa | 0x800000u) << 40;
    return from_bits(round_to_half(sign, exponent - 127, significand));
}

_Float16 __truncdfhf2(double f) {
    union zvm_double_bits in = {.f = f};
    unsigned sign = (unsigned)(in.u >> 63);
    int exponent = (int)((in.u >> 52) & 0x7ff);
    zvm_u64 mantissa = in.u & ((1ull << 52) - 1);
    if (exponent == 0x7ff) return from_bits(special_half(sign, mantissa != 0, mantissa >> 42));
    if (exponent == 0) return from_bits((unsigned short)(sign << 15));
    zvm_u64 significand = (mantissa | (1ull << 52)) << 11;
    return from_bits(round_to_half(sign, exponent - 1023, significand));
}

_Float16 __truncxfhf2(long double f) {
    union zvm_long_double_bits in = {.f = f};
    unsigned sign = in.parts.sign_exponent >> 15;
    int exponent = in.parts.sign_exponent & 0x7fff;
    zvm_u64 mantissa = in.parts.mantissa;
    if (exponent == 0x7fff) { // the explicit integer bit is set for inf and NaN
        zvm_u64 fraction = mantissa & ~(1ull << 63);
        return from_bits(special_half(sign, fraction != 0, fraction >> 53));
    }
    if (exponent == 0 || mantissa == 0) return from_bits((unsigned short)(sign << 15));
    int normalise = __builtin_clzll(mantissa); // 0 unless an unnormal
    return from_bits(round_to_half(sign, exponent - 16383 - normalise, mantissa << normalise));
}
