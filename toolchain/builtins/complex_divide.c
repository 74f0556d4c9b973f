// _Complex division: __divsc3 __divdc3 __divxc3 (builtins.h). double and long double: Smith's
// algorithm (divide by the larger of |c| and |d| first, so that no square of the divisor is
// formed), with all four parts halved first when one is near the largest finite value (so that
// no intermediate overflows). float: the textbook quotient computed in double, where nothing
// of float operands can overflow, rounded once per part. When both parts come out NaN, the
// infinities and zeros are recovered as in C11 Annex G.5.2.
#include "builtins.h"

#pragma STDC FP_CONTRACT OFF

// Annex G recovery of a quotient (*x, *y) that came out NaN + iNaN.
#define ZVM_DEFINE_DIVIDE_RECOVERY(name, T, copysign)                                              \
    static void name(T a, T b, T c, T d, T* x, T* y) {                                             \
        const T inf = (T)__builtin_inf();                                                          \
        if (c == 0 && d == 0 && (!__builtin_isnan(a) || !__builtin_isnan(b))) {                    \
            *x = copysign(inf, c) * a; /* nonzero / zero */                                        \
            *y = copysign(inf, c) * b;                                                             \
        } else if ((__builtin_isinf(a) || __builtin_isinf(b)) && __builtin_isfinite(c) &&          \
                   __builtin_isfinite(d)) { /* infinite / finite */                                \
            a = copysign(__builtin_isinf(a) ? (T)1 : (T)0, a);                                     \
            b = copysign(__builtin_isinf(b) ? (T)1 : (T)0, b);                                     \
            *x = inf * (a * c + b * d);                                                            \
            *y = inf * (b * c - a * d);                                                            \
        } else if ((__builtin_isinf(c) || __builtin_isinf(d)) && __builtin_isfinite(a) &&          \
                   __builtin_isfinite(b)) { /* finite / infinite */                                \
            c = copysign(__builtin_isinf(c) ? (T)1 : (T)0, c);                                     \
            d = copysign(__builtin_isinf(d) ? (T)1 : (T)0, d);                                     \
            *x = (T)0 * (a * c + b * d);                                                           \
            *y = (T)0 * (b * c - a * d);                                                           \
        }                                                                                          \
    }

ZVM_DEFINE_DIVIDE_RECOVERY(recover_double, double, __builtin_copysign)
ZVM_DEFINE_DIVIDE_RECOVERY(recover_long_double, long double, __builtin_copysignl)

#define ZVM_DEFINE_SMITH_DIVIDE(name, T, fabs, recover, max_value)                                 \
    T _Complex name(T a, T b, T c, T d) {                                                          \
        const T big = (max_value) / 2;                                                             \
        if (fabs(a) >= big || fabs(b) >= big || fabs(c) >= big || fabs(d) >= big) {                \
            a /= 2;                                                                                \
            b /= 2;                                                                                \
            c /= 2;                                                                                \
            d /= 2;                                                                                \
        }                                                                                          \
        T x, y;                                                                                    \
        if (fabs(c) < fabs(d)) {                                                                   \
            T ratio = c / d, denominator = c * ratio + d;                                          \
            x = (a * ratio + b) / denominator;                                                     \
            y = (b * ratio - a) / denominator;                                                     \
        } else {                                                                                   \
            T ratio = d / c, denominator = d * ratio + c;                                          \
            x = (b * ratio + a) / denominator;                                                     \
            y = (b - a * ratio) / denominator;                                                     \
        }                                                                                          \
        if (__builtin_isnan(x) && __builtin_isnan(y)) recover(a, b, c, d, &x, &y);                 \
        return __builtin_complex(x, y);                                                            \
    }

ZVM_DEFINE_SMITH_DIVIDE(__divdc3, double, __builtin_fabs, recover_double, 0x1.fffffffffffffp1023)
ZVM_DEFINE_SMITH_DIVIDE(__divxc3, long double, __builtin_fabsl, recover_long_double,
                        0x1.fffffffffffffffep16383L)

float _Complex __divsc3(float a, float b, float c, float d) {
    double denominator = (double)c * c + (double)d * d;
    double x = ((double)a * c + (double)b * d) / denominator;
    double y = ((double)b * c - (double)a * d) / denominator;
    if (__builtin_isnan(x) && __builtin_isnan(y)) recover_double(a, b, c, d, &x, &y);
    return __builtin_complex((float)x, (float)y);
}
