/* Parsing numbers: strtod/strtof/strtold on hard cases (halfway points, subnormals, overflow,
 * hex floats), strtol family with bases and errno, and scanf conversions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char* ds[] = {"0", "-0", "1e23", "2.2250738585072011e-308", "2.2250738585072012e-308",
                        "4.9406564584124654e-324", "2.4703282292062328e-324", "1e-400", "1e400",
                        "0x1.fffffffffffffp1023", "0x1p-1074", "9007199254740993",
                        "179769313486231580793728971405301e276", "inf", "-Infinity", "nan",
                        "  +1.5xyz", ".5e", "1e+", "0.1000000000000000055511151231257827",
                        "123456789012345678901234567890", "3.14159265358979323846264338327950"};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; ++i) {
        char* end;
        errno = 0;
        double d = strtod(ds[i], &end);
        int e = errno;
        float f = strtof(ds[i], NULL);
        long double l = strtold(ds[i], NULL);
        printf("%-40s %a %a %La erange=%d rest='%s'\n", ds[i], d, (double)f, l, e == ERANGE, end);
    }
    const char* is[] = {"42", "-42", "0x7fffffffffffffff", "0x8000000000000000", "-9223372036854775809",
                        "0777", "z", "  -0x1F", "18446744073709551615", "18446744073709551616"};
    for (size_t i = 0; i < sizeof is / sizeof is[0]; ++i) {
        char* end;
        errno = 0;
        long long v = strtoll(is[i], &end, 0);
        int e1 = errno;
        errno = 0;
        unsigned long long u = strtoull(is[i], NULL, 0);
        int e2 = errno;
        printf("%-24s %lld %d %llu %d rest='%s' b36=%ld\n", is[i], v, e1 == ERANGE, u, e2 == ERANGE,
               end, strtol(is[i], NULL, 36));
    }
    int a, b;
    double x;
    char word[16], rest[32];
    int n = sscanf("  17 -0x10 2.5e3 hello world!", "%d %i %lf %15s %31[^\n]", &a, &b, &x, word, rest);
    printf("scanf %d: %d %d %g %s [%s]\n", n, a, b, x, word, rest);
    unsigned u;
    char c;
    n = sscanf("ff:z", "%x:%c", &u, &c);
    printf("scanf %d: %u %c\n", n, u, c);
    n = sscanf("abc", "%d", &a);
    printf("scanf mismatch %d\n", n);
    n = sscanf("", "%d", &a);
    printf("scanf empty %d\n", n);
    float f;
    long double ld;
    n = sscanf("1e-45 0x1.8p1", "%f %Lf", &f, &ld);
    printf("scanf %d: %a %La\n", n, (double)f, ld);
    return 0;
}
