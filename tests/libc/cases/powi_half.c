/* Compiler builtins for __builtin_powi (__powi?f2) and _Float16 conversions (__extendhfsf2,
 * __trunc?fhf2): libzvmrt in the sandbox, libgcc natively. Every binary16 value is widened; floats,
 * doubles and long doubles around every binary16 rounding boundary (ties, subnormals, overflow)
 * are narrowed. Results print as bits, NaNs as "nan" (payloads are not compared). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint16_t bits(_Float16 h) {
    uint16_t u;
    memcpy(&u, &h, sizeof u);
    return (h != h) ? 0x7e00 : u; /* one spelling for every NaN */
}

static uint64_t digest = 0xcbf29ce484222325u;
static void mix(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        digest ^= (uint8_t)(v >> (8 * i));
        digest *= 0x100000001b3u;
    }
}

static volatile int exponents[] = {
    0, 1, 2, 3, -1, -2, 7, -7, 31, -31, 64, 100, -100, 1000, -1000, 2147483647, -2147483647 - 1};
static volatile double bases[] = {0.0,       -0.0,    1.0,  -1.0,   2.0,      0.5,      -1.5,
                                  1.0000001, 3.14159, 1e10, -1e-10, INFINITY, -INFINITY};

static void powers(void) {
    for (unsigned i = 0; i < sizeof bases / sizeof bases[0]; ++i)
        for (unsigned j = 0; j < sizeof exponents / sizeof exponents[0]; ++j) {
            double x = bases[i];
            int n = exponents[j];
            double d = __builtin_powi(x, n);
            float f = __builtin_powif((float)x, n);
            long double l = __builtin_powil((long double)x, n);
            printf("powi %a %d: %a %a %La\n", x, n, isnan(d) ? NAN : d, isnan(f) ? NAN : (double)f,
                   isnan(l) ? NAN : l);
        }
}

static void widen(void) {
    for (uint32_t u = 0; u < 0x10000; ++u) {
        uint16_t v = (uint16_t)u;
        _Float16 h;
        memcpy(&h, &v, sizeof h);
        volatile _Float16 vh = h;
        float f = vh;
        uint32_t fb;
        memcpy(&fb, &f, sizeof fb);
        mix(f != f ? 0x7fc00000u : fb);
        if (u % 4099 == 0 || u == 0x3c00 || u == 0x7c00 || u == 0x8001)
            printf("widen %04x %a\n", u, (double)f);
    }
    printf("widen digest %016llx\n", (unsigned long long)digest);
}

static void narrow(long double x) {
    volatile float f = (float)x;
    volatile double d = (double)x;
    volatile long double l = x;
    _Float16 hf = f, hd = d, hl = l;
    printf("narrow %La: %04x %04x %04x\n", x, bits(hf), bits(hd), bits(hl));
}

int main(void) {
    powers();
    widen();
    /* binary16: 11-bit significands, exponents -14..15, subnormals down to 2^-24 */
    static const long double points[] = {0x1p0L,   0x1p15L,    0x1.ffcp15L, 0x1p-14L, 0x1p-24L,
                                         0x1p-25L, 0x1.8p-24L, 0x1.ffp-15L, 65520.0L, 65504.0L};
    for (unsigned i = 0; i < sizeof points / sizeof points[0]; ++i)
        for (int k = -3; k <= 3; ++k) { /* the value, ties and neighbours within 2^-12 of it */
            long double x = points[i] * (1 + k * 0x1p-12L);
            narrow(x);
            narrow(-x);
            narrow(x + 0x1p-40L * points[i]); /* just past a tie: only a wide source sees it */
            narrow(x - 0x1p-60L * points[i]);
        }
    narrow(0.0L);
    narrow(-0.0L);
    narrow(INFINITY);
    narrow(-INFINITY);
    narrow(NAN);
    narrow(1e-320L);
    narrow(1e-4000L);
    narrow(1e300L);
    narrow(1e4000L);
    return 0;
}
