/* __int128 arithmetic that compiles to calls of the compiler builtins (libzvmrt in the sandbox,
 * libgcc natively): division and remainder, signed and unsigned, and conversions to and from
 * float, double and long double (correct rounding, ties included, truncation). The operands
 * come from volatile storage and a PRNG so that nothing is folded at compile time. */
#include <stdint.h>
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1du;
}

/* A value of a random bit length, so that every path of the division is taken. */
static u128 random_u128(void) {
    u128 v = ((u128)next() << 64) | next();
    unsigned bits = (unsigned)(next() % 129);
    return bits == 128 ? v : v & (((u128)1 << bits) - 1);
}

static void print_u128(u128 v) {
    printf("%016llx%016llx", (unsigned long long)(v >> 64), (unsigned long long)v);
}

static uint64_t digest = 0xcbf29ce484222325u; /* FNV-1a over the random cases' results */
static void mix(u128 v) {
    for (int i = 0; i < 16; ++i) {
        digest ^= (uint8_t)(v >> (8 * i));
        digest *= 0x100000001b3u;
    }
}

#define U128(hi, lo) (((u128)(hi) << 64) | (lo))
static volatile u128 edge[] = {
    0,
    1,
    2,
    3,
    7,
    10,
    0xffffffffu,
    0x100000000u,
    0x7fffffffffffffffu,
    0x8000000000000000u,
    0xffffffffffffffffu,
    U128(1, 0),
    U128(1, 1),
    U128(1, 0xffffffffffffffffu),
    U128(0xffffffffu, 0),
    U128(0x7fffffffffffffffu, 0xffffffffffffffffu),
    U128(0x8000000000000000u, 0),
    U128(0x8000000000000000u, 1),
    U128(0xffffffffffffffffu, 0xffffffffffffffffu),
    U128(0xffffffffffffffffu, 0),
    U128(0x0123456789abcdefu, 0xfedcba9876543210u),
    U128(0x10000000000000u, 0x1),
    U128(0xfffffffffffffffeu, 0xffffffffffffffffu),
};
#define EDGES (sizeof edge / sizeof edge[0])

static void divisions(void) {
    for (unsigned i = 0; i < EDGES; ++i)
        for (unsigned j = 0; j < EDGES; ++j) {
            u128 n = edge[i], d = edge[j];
            if (d == 0) continue;
            i128 sn = (i128)n, sd = (i128)d;
            print_u128(n / d);
            putchar(' ');
            print_u128(n % d);
            if (!(sn == (i128)((u128)1 << 127) && sd == -1)) {
                putchar(' ');
                print_u128((u128)(sn / sd));
                putchar(' ');
                print_u128((u128)(sn % sd));
            }
            putchar('\n');
        }
    for (int k = 0; k < 20000; ++k) {
        u128 n = random_u128(), d = random_u128();
        if (d == 0) continue;
        mix(n / d);
        mix(n % d);
        i128 sn = (i128)n, sd = (i128)d;
        if (sn == (i128)((u128)1 << 127) && sd == -1) continue;
        mix((u128)(sn / sd));
        mix((u128)(sn % sd));
    }
    printf("division digest %016llx\n", (unsigned long long)digest);
}

static void to_floating(u128 u) {
    i128 s = (i128)u;
    printf("%a %a %La | %a %a %La\n", (double)(float)u, (double)u, (long double)u, (double)(float)s,
           (double)s, (long double)s);
}

static volatile u128 rounding[] = {
    /* halfway and just past halfway for float (24 bits), double (53) and long double (64) */
    U128(0, 0x1000001) << 70,
    (U128(0, 0x1000001) << 70) + 1,
    U128(0, 0x1000003) << 70,
    U128(0, 0x20000000000001) << 60,
    (U128(0, 0x20000000000001) << 60) | 1,
    U128(0, 0x20000000000003) << 60,
    U128(1, 1) << 62,
    (U128(1, 1) << 62) | 1,
    U128(1, 3) << 62,
    U128(3, 0x8000000000000000u),
    U128(1, 0x8000000000000000u),
    U128(1, 0x8000000000000001u),
    U128(0xffffffffffffffffu, 0xffffffffffffffffu),
    U128(0xffffff8000000000u, 0),
    U128(0xfffffffffffff800u, 0),
    U128(0x8000000000000000u, 0),
};

static void conversions_from_int(void) {
    for (unsigned i = 0; i < EDGES; ++i)
        to_floating(edge[i]);
    for (unsigned i = 0; i < sizeof rounding / sizeof rounding[0]; ++i) {
        to_floating(rounding[i]);
        to_floating(-rounding[i]);
    }
    for (int k = 0; k < 300; ++k)
        to_floating(random_u128());
}

static void from_floating(long double x) {
    u128 su = x >= 0 && x < 0x1p127L ? (u128)(i128)x : 0;
    u128 sn = -x >= 0 && -x <= 0x1p127L ? (u128)(i128)-x : 0;
    print_u128((u128)x);
    putchar(' ');
    print_u128(su);
    putchar(' ');
    print_u128(sn);
    double d = (double)x; /* rounding may carry it out of range: only convert what fits */
    if (d < 0x1p127) {
        putchar(' ');
        print_u128((u128)d);
        putchar(' ');
        print_u128((u128)(i128)-d);
    }
    float f = (float)x;
    if (f < 0x1p127f) {
        putchar(' ');
        print_u128((u128)f);
        putchar(' ');
        print_u128((u128)(i128)-f);
    }
    putchar('\n');
}

static volatile long double reals[] = {
    0.0L,
    0.5L,
    0.999L,
    1.0L,
    1.5L,
    123456789.75L,
    0x1p62L,
    0x1.fffffffffffffffep62L,
    0x1p63L,
    0x1.0000000000000002p63L,
    0x1p64L,
    0x1.fffffffffffffffep63L,
    0x1.8p64L,
    1e20L,
    1e30L,
    1e38L,
    0x1.fffffffffffffffep126L,
    0x1.fffffep126L,
    0x1.fffffffffffffp126L,
    0x1p126L,
    0x1.fffffffffffffffep127L,
    0x1.23456789abcdefp100L,
};

static void conversions_to_int(void) {
    for (unsigned i = 0; i < sizeof reals / sizeof reals[0]; ++i)
        from_floating(reals[i]);
    for (int k = 0; k < 300; ++k) { /* random significands at every exponent below 2^128 */
        long double x = (long double)next() * 0x1p-64L;
        for (int e = (int)(next() % 128); e > 0; --e)
            x *= 2;
        from_floating(x);
    }
}

int main(void) {
    divisions();
    conversions_from_int();
    conversions_to_int();
    return 0;
}
