// __int128 division and remainder: __udivti3 __umodti3 __divti3 __modti3 (builtins.h).
// Built on the processor's 128-by-64-bit `divq`; a 128-bit divisor uses the normalised
// single-estimate method (Hacker's Delight, 9-5), whose quotient estimate is off by at most one.
#include "builtins.h"

// (hi:lo) / d, with hi < d so that the quotient fits in 64 bits.
static inline zvm_u64 div128by64(zvm_u64 hi, zvm_u64 lo, zvm_u64 d, zvm_u64* rem) {
    zvm_u64 q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d) : "cc");
    *rem = r;
    return q;
}

static zvm_u128 udivmod(zvm_u128 n, zvm_u128 d, zvm_u128* rem) {
    const zvm_u64 nhi = (zvm_u64)(n >> 64), nlo = (zvm_u64)n;
    const zvm_u64 dhi = (zvm_u64)(d >> 64), dlo = (zvm_u64)d;
    zvm_u64 r;
    if (dhi == 0) {
        if (nhi < dlo) { // the quotient fits in 64 bits: one divq
            zvm_u64 q = div128by64(nhi, nlo, dlo, &r);
            *rem = r;
            return q;
        }
        zvm_u64 qhi = div128by64(0, nhi, dlo, &r); // then r < dlo
        zvm_u64 qlo = div128by64(r, nlo, dlo, &r);
        *rem = r;
        return ((zvm_u128)qhi << 64) | qlo;
    }
    if (n < d) {
        *rem = n;
        return 0;
    }
    // d >= 2^64, so the quotient is below 2^64. Normalise d's top word to v1 (top bit set) and
    // halve n so that the estimate's division cannot overflow.
    const int s = __builtin_clzll(dhi);
    const zvm_u64 v1 = (zvm_u64)((d << s) >> 64);
    const zvm_u128 n1 = n >> 1;
    zvm_u64 q1 = div128by64((zvm_u64)(n1 >> 64), (zvm_u64)n1, v1, &r);
    zvm_u64 q = q1 >> (63 - s); // (q1 << s) >> 63: the true quotient or one more
    if (q != 0) --q;            // now the true quotient or one less
    zvm_u128 remainder = n - (zvm_u128)q * d;
    if (remainder >= d) {
        ++q;
        remainder -= d;
    }
    *rem = remainder;
    return q;
}

zvm_u128 __udivti3(zvm_u128 n, zvm_u128 d) {
    zvm_u128 r;
    return udivmod(n, d, &r);
}

zvm_u128 __umodti3(zvm_u128 n, zvm_u128 d) {
    zvm_u128 r;
    udivmod(n, d, &r);
    return r;
}

static zvm_u128 magnitude(zvm_i128 v) {
    return v < 0 ? -(zvm_u128)v : (zvm_u128)v;
}

zvm_i128 __divti3(zvm_i128 n, zvm_i128 d) {
    zvm_u128 r;
    zvm_u128 q = udivmod(magnitude(n), magnitude(d), &r);
    return (zvm_i128)((n < 0) != (d < 0) ? -q : q);
}

zvm_i128 __modti3(zvm_i128 n, zvm_i128 d) {
    zvm_u128 r;
    udivmod(magnitude(n), magnitude(d), &r);
    return (zvm_i128)(n < 0 ? -r : r); // the remainder has the dividend's sign
}
