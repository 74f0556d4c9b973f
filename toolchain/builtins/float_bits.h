// Bit-level views of float, double and the x87 80-bit long double, shared by the conversion
// builtins (no C library: plain unions, which C allows for type punning).
#pragma once

#include "builtins.h"

union zvm_float_bits {
    float f;
    unsigned u;
};

union zvm_double_bits {
    double f;
    zvm_u64 u;
};

// x87 extended precision: a 64-bit significand with an explicit integer bit, then sign and a
// 15-bit exponent (bias 16383).
union zvm_long_double_bits {
    long double f;
    struct {
        zvm_u64 mantissa;
        unsigned short sign_exponent;
    } parts;
};

// 2^k as each type, for 0 <= k within the type's normal range.
static inline float zvm_pow2f(int k) {
    union zvm_float_bits b = {.u = (unsigned)(127 + k) << 23};
    return b.f;
}

static inline double zvm_pow2d(int k) {
    union zvm_double_bits b = {.u = (zvm_u64)(1023 + k) << 52};
    return b.f;
}

static inline long double zvm_pow2l(int k) {
    union zvm_long_double_bits b = {.f = 0};
    b.parts.mantissa = 1ull << 63;
    b.parts.sign_exponent = (unsigned short)(16383 + k);
    return b.f;
}

// The number of significant bits of v (0 for 0).
static inline int zvm_bit_length(zvm_u128 v) {
    zvm_u64 hi = (zvm_u64)(v >> 64), lo = (zvm_u64)v;
    if (hi) return 128 - __builtin_clzll(hi);
    return lo ? 64 - __builtin_clzll(lo) : 0;
}

// v >> k with every bit shifted out ORed into bit 0 ("sticky"): rounding the result to fewer
// bits than it has gives the same answer as rounding v, in every rounding mode.
static inline zvm_u64 zvm_shift_sticky(zvm_u128 v, int k) {
    zvm_u128 lost = v & (((zvm_u128)1 << k) - 1);
    return (zvm_u64)(v >> k) | (lost != 0);
}
