// __int128 -> float, double, long double: __float{,un}ti{sf,df,xf} (builtins.h).
// One rounding, done by the processor in the current rounding mode: a value of more than 63 bits
// is first shortened to 63 bits with a sticky bit (which rounds the same, as float and double
// keep fewer bits), converted as a signed 64-bit integer and scaled by an exact power of two.
// long double keeps 64 bits, so there the value is split into an exact top part and a sticky
// bottom part, and the processor rounds their sum once.
#include "float_bits.h"

// magnitude with its sign, shortened to at most 63 bits: value = +-m * 2^k.
static zvm_i64 shorten(zvm_u128 magnitude, int negative, int* k) {
    int bits = zvm_bit_length(magnitude);
    *k = bits > 63 ? bits - 63 : 0;
    zvm_i64 m = (zvm_i64)zvm_shift_sticky(magnitude, *k);
    return negative ? -m : m;
}

static zvm_u128 magnitude(zvm_i128 a) {
    return a < 0 ? -(zvm_u128)a : (zvm_u128)a;
}

float __floattisf(zvm_i128 a) {
    int k;
    zvm_i64 m = shorten(magnitude(a), a < 0, &k);
    return (float)m * zvm_pow2f(k);
}

double __floattidf(zvm_i128 a) {
    int k;
    zvm_i64 m = shorten(magnitude(a), a < 0, &k);
    return (double)m * zvm_pow2d(k);
}

float __floatuntisf(zvm_u128 a) {
    int k;
    zvm_i64 m = shorten(a, 0, &k);
    return (float)m * zvm_pow2f(k);
}

double __floatuntidf(zvm_u128 a) {
    int k;
    zvm_i64 m = shorten(a, 0, &k);
    return (double)m * zvm_pow2d(k);
}

static long double to_long_double(zvm_u128 magnitude, int negative) {
    int bits = zvm_bit_length(magnitude);
    if (bits <= 64) { // exact
        long double r = (long double)(zvm_u64)magnitude;
        return negative ? -r : r;
    }
    int k = bits - 64; // top = the 64 leading bits, exact; rest < 2^k
    zvm_u64 top = (zvm_u64)(magnitude >> k);
    zvm_u128 rest = magnitude & (((zvm_u128)1 << k) - 1);
    int j = k > 63 ? k - 63 : 0; // rest shortened to 63 bits + sticky: exact as a long double
    zvm_u64 low = zvm_shift_sticky(rest, j);
    long double hi = (long double)top * zvm_pow2l(k);
    long double lo = (long double)low * zvm_pow2l(j);
    return negative ? -hi - lo : hi + lo; // the one rounding
}

long double __floattixf(zvm_i128 a) {
    return to_long_double(magnitude(a), a < 0);
}

long double __floatuntixf(zvm_u128 a) {
    return to_long_double(a, 0);
}
