// _Complex multiplication: __mulsc3 __muldc3 __mulxc3 (builtins.h). The textbook product; when
// both parts come out NaN, the infinities are recovered as in C11 Annex G.5.1 (an infinite
// operand times a nonzero one is infinite, whatever NaNs it meets).
#include "builtins.h"

#pragma STDC FP_CONTRACT OFF

// clang calls these only after its inline product gave NaN + iNaN, but they must stand alone.
#define ZVM_DEFINE_COMPLEX_MULTIPLY(name, T, copysign)                                             \
    T _Complex name(T a, T b, T c, T d) {                                                          \
        T ac = a * c, bd = b * d, ad = a * d, bc = b * c;                                          \
        T x = ac - bd, y = ad + bc;                                                                \
        if (__builtin_isnan(x) && __builtin_isnan(y)) {                                            \
            int recalc = 0;                                                                        \
            if (__builtin_isinf(a) || __builtin_isinf(b)) { /* the first operand is infinite */    \
                a = copysign(__builtin_isinf(a) ? (T)1 : (T)0, a);                                 \
                b = copysign(__builtin_isinf(b) ? (T)1 : (T)0, b);                                 \
                if (__builtin_isnan(c)) c = copysign((T)0, c);                                     \
                if (__builtin_isnan(d)) d = copysign((T)0, d);                                     \
                recalc = 1;                                                                        \
            }                                                                                      \
            if (__builtin_isinf(c) || __builtin_isinf(d)) { /* the second operand is infinite */   \
                c = copysign(__builtin_isinf(c) ? (T)1 : (T)0, c);                                 \
                d = copysign(__builtin_isinf(d) ? (T)1 : (T)0, d);                                 \
                if (__builtin_isnan(a)) a = copysign((T)0, a);                                     \
                if (__builtin_isnan(b)) b = copysign((T)0, b);                                     \
                recalc = 1;                                                                        \
            }                                                                                      \
            if (!recalc && (__builtin_isinf(ac) || __builtin_isinf(bd) || __builtin_isinf(ad) ||   \
                            __builtin_isinf(bc))) { /* overflow in a partial product */            \
                if (__builtin_isnan(a)) a = copysign((T)0, a);                                     \
                if (__builtin_isnan(b)) b = copysign((T)0, b);                                     \
                if (__builtin_isnan(c)) c = copysign((T)0, c);                                     \
                if (__builtin_isnan(d)) d = copysign((T)0, d);                                     \
                recalc = 1;                                                                        \
            }                                                                                      \
            if (recalc) {                                                                          \
                x = (T)__builtin_inf() * (a * c - b * d);                                          \
                y = (T)__builtin_inf() * (a * d + b * c);                                          \
            }                                                                                      \
        }                                                                                          \
        return __builtin_complex(x, y);                                                            \
    }

ZVM_DEFINE_COMPLEX_MULTIPLY(__mulsc3, float, __builtin_copysignf)
ZVM_DEFINE_COMPLEX_MULTIPLY(__muldc3, double, __builtin_copysign)
ZVM_DEFINE_COMPLEX_MULTIPLY(__mulxc3, long double, __builtin_copysignl)
