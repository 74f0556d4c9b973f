/* math.h: results printed in hexadecimal, so any difference of one bit shows. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    const double xs[] = {0.0, 0.5, 1.0, -1.5, 2.0, 3.14159, 10.0, 1e-8, 700.0, -745.0, 1e300};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; ++i) {
        double x = xs[i];
        printf("%-8g sin %a cos %a tan %a exp %a log %a sqrt %a\n", x, sin(x), cos(x), tan(x),
               exp(x), log(fabs(x)), sqrt(fabs(x)));
        printf("         atan2 %a pow %a cbrt %a tanh %a lgamma %a erf %a fmod %a\n",
               atan2(x, 3.0), pow(fabs(x), 0.75), cbrt(x), tanh(x), lgamma(x), erf(x),
               fmod(x, 0.7));
        printf("         sinf %a expf %a logl %La floor %g ceil %g round %g trunc %g rint %g\n",
               (double)sinf((float)x), (double)expf((float)x), logl(fabsl((long double)x)),
               floor(x), ceil(x), round(x), trunc(x), rint(x));
    }
    int e;
    double m = frexp(1234.5, &e);
    printf("frexp %a %d ldexp %a modf ", m, e, ldexp(m, e));
    double ip;
    double frac = modf(-3.75, &ip); /* argument order is unspecified: gcc and clang differ */
    printf("%a %a\n", frac, ip);
    printf("hypot %a fma %a nextafter %a remainder %a copysign %g\n", hypot(3, 4),
           fma(0.1, 10, -1), nextafter(1.0, 2.0), remainder(10, 3), copysign(2, -0.0));
    printf("isnan %d isinf %d signbit %d fpclassify %d %d\n", isnan(NAN), isinf(-INFINITY),
           signbit(-0.0), fpclassify(5e-324), fpclassify(1.0));
    fesetround(FE_UPWARD);
    /* Volatile operands: clang folds constants in the default rounding mode (no
     * -frounding-math), gcc, which builds the native side, calls rint at run time. */
    volatile double one = 1.0, three = 3.0, two_half = 2.5;
    double third = one / three, r = rint(two_half);
    printf("upward %a rint %g\n", third, r);
    fesetround(FE_TONEAREST);
    printf("lrint %ld llround %lld\n", lrint(2.5), llround(-2.5));
    return 0;
}
