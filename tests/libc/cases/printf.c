/* Formatted output of integers and floating point, including the hard cases of shortest
 * round-trip, ties, subnormals, long double and the return values of snprintf. */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    const double ds[] = {0.0,     -0.0,    0.1,         0.5,     1.5,      2.5,     1e23,
                         5e-324,  DBL_MIN, DBL_MAX,     M_PI,    1.0 / 3,  123456789.125,
                         0.3e-5,  9.5,     1e-310,      1e21,    1e22,     4.35,    0.015,
                         -1.5e-7, 1e15,    1234567.0e8, 2.5e-16, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; ++i)
        printf("%g|%.17g|%e|%.3f|%a|%10.4E|%-12.2g|%+.0f|%#.0e\n", ds[i], ds[i], ds[i], ds[i],
               ds[i], ds[i], ds[i], ds[i], ds[i]);
    printf("%f %F %e\n", NAN, -NAN, NAN);
    const long double ls[] = {0.1L, LDBL_MAX, LDBL_MIN, 1.0L / 3, 1e4000L};
    for (size_t i = 0; i < sizeof ls / sizeof ls[0]; ++i)
        printf("%Lg|%.21Lg|%La|%.5Le\n", ls[i], ls[i], ls[i], ls[i]);
    const long long is[] = {0, 1, -1, 42, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN, 255, -255};
    for (size_t i = 0; i < sizeof is / sizeof is[0]; ++i)
        printf("%d|%lld|%llu|%llx|%#llo|%08lld|%-8lld|%+lld|% lld|%.0lld|%hhd|%hd\n", (int)is[i],
               is[i], (unsigned long long)is[i], is[i], is[i], is[i], is[i], is[i], is[i], is[i],
               (signed char)is[i], (short)is[i]);
    printf("%" PRId64 " %" PRIu32 " %" PRIxPTR " %zu %td %jd\n", INT64_MIN, UINT32_MAX,
           (uintptr_t)0xdeadbeef, sizeof(long double), (ptrdiff_t)-3, (intmax_t)INTMAX_MAX);
    printf("[%5s][%-5s][%.2s][%c][%%][%5c]\n", "ab", "ab", "abcdef", 'x', 'y');
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%s-%d", "truncated", 12345);
    printf("snprintf %d '%s'\n", n, buf);
    n = snprintf(NULL, 0, "%.*f", 30, 1.0 / 7);
    printf("length %d\n", n);
    int pos = 0;
    printf("abc%n|\n", &pos);
    printf("pos %d\n", pos);
    printf("%*d|%-*d|%.*d\n", 6, 42, 6, 42, 4, 7);
    return 0;
}
