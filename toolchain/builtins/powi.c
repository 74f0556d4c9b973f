// x to an integer power: __powisf2 __powidf2 __powixf2 (builtins.h), by repeated squaring of x
// over the bits of |n|, then the reciprocal for a negative n.
#include "builtins.h"

#define ZVM_DEFINE_POWI(name, T)                                                                   \
    T name(T x, int n) {                                                                           \
        unsigned bits = n < 0 ? -(unsigned)n : (unsigned)n;                                        \
        T result = (bits & 1) ? x : (T)1;                                                          \
        while (bits >>= 1) {                                                                       \
            x = x * x;                                                                             \
            if (bits & 1) result = result * x;                                                     \
        }                                                                                          \
        return n < 0 ? (T)1 / result : result;                                                     \
    }

ZVM_DEFINE_POWI(__powisf2, float)
ZVM_DEFINE_POWI(__powidf2, double)
ZVM_DEFINE_POWI(__powixf2, long double)
