/* _Complex multiplication and division in float, double and long double (calls of
 * __mul?c3/__div?c3: libzvmrt in the sandbox, libgcc natively), on ordinary values, values whose
 * squares overflow or underflow, and the infinities, zeros and NaNs of C11 Annex G. NaNs print
 * as "nan" whatever their sign, which C leaves unspecified. Quotients are compared only where
 * the divisor's squares and the products stay in range: beyond that (subnormal and overflowing
 * intermediates) C specifies no accuracy, and libgcc's algorithm and ours differ in last bits
 * and in which overflowing cases come out as NaN. */
#include <complex.h>
#include <math.h>
#include <stdio.h>

static void show(long double re, long double im) {
    if (isnan(re))
        printf(" nan");
    else
        printf(" %La", re);
    if (isnan(im))
        printf(",nan");
    else
        printf(",%La", im);
}

static volatile double parts[] = {
    0.0,    -0.0,   1.0,   -1.0,    2.5,       -3.25,    1e-3,      7.0 / 3.0, 1e150,
    -1e150, 1e-150, 1e300, -1e-300, 0x1p-1070, INFINITY, -INFINITY, NAN,
};
#define PARTS (sizeof parts / sizeof parts[0])

static void doubles(double a, double b, double c, double d, int divide) {
    double complex z = CMPLX(a, b), w = CMPLX(c, d);
    double complex p = z * w;
    show(creal(p), cimag(p));
    if (!divide) return;
    double complex q = z / w;
    show(creal(q), cimag(q));
}

static void floats(float a, float b, float c, float d, int divide) {
    float complex z = CMPLXF(a, b), w = CMPLXF(c, d);
    float complex p = z * w;
    show(crealf(p), cimagf(p));
    if (!divide) return;
    float complex q = z / w;
    show(crealf(q), cimagf(q));
}

static void long_doubles(long double a, long double b, long double c, long double d, int divide) {
    long double complex z = CMPLXL(a, b), w = CMPLXL(c, d);
    long double complex p = z * w;
    show(creall(p), cimagl(p));
    if (!divide) return;
    long double complex q = z / w;
    show(creall(q), cimagl(q));
}

/* Zero, infinite, NaN or of magnitude in [1e-100, 1e100]. */
static int tame(double v) {
    double m = fabs(v);
    return m == 0 || isinf(m) || isnan(m) || (m >= 1e-100 && m <= 1e100);
}

int main(void) {
    /* every combination of four parts would be 17^4 lines: the real parts walk the table, the
     * imaginary parts are offset by fixed strides so that every pair of kinds meets */
    for (unsigned i = 0; i < PARTS; ++i)
        for (unsigned j = 0; j < PARTS; ++j)
            for (unsigned s = 1; s < 4; ++s) {
                double a = parts[i], b = parts[(i + s) % PARTS];
                double c = parts[j], d = parts[(j + 2 * s + 1) % PARTS];
                int divide = tame(a) && tame(b) && tame(c) && tame(d);
                printf("%u %u %u:", i, j, s);
                doubles(a, b, c, d, divide);
                floats((float)a, (float)b, (float)c, (float)d, divide);
                long_doubles(a, b, c, d, divide);
                long_doubles(a * 0x1p16000L, b, c, d * 0x1p-16000L, 0); /* beyond double's range */
                putchar('\n');
            }
    return 0;
}
