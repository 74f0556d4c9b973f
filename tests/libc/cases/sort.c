/* qsort and bsearch on pseudo-random data (a fixed linear congruential generator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 12345;
static unsigned next(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(state >> 33);
}
static int cmp_int(const void* a, const void* b) {
    int x = *(const int*)a, y = *(const int*)b;
    return (x > y) - (x < y);
}
struct rec {
    char name[12];
    double value;
};
static int cmp_rec(const void* a, const void* b) {
    const struct rec *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->value > y->value) - (x->value < y->value);
}

int main(void) {
    enum { N = 100000 };
    static int v[N];
    for (int i = 0; i < N; ++i)
        v[i] = (int)(next() % 50000) - 25000;
    qsort(v, N, sizeof v[0], cmp_int);
    unsigned long long h = 0;
    for (int i = 0; i < N; ++i)
        h = h * 31 + (unsigned)v[i];
    printf("sorted %d..%d hash %llx\n", v[0], v[N - 1], h);
    int found = 0;
    for (int k = -25010; k < 25010; k += 7)
        found += bsearch(&k, v, N, sizeof v[0], cmp_int) != NULL;
    printf("found %d\n", found);
    static struct rec r[2000];
    for (int i = 0; i < 2000; ++i) {
        snprintf(r[i].name, sizeof r[i].name, "k%03u", next() % 500);
        r[i].value = (double)(next() % 1000) / 7;
    }
    qsort(r, 2000, sizeof r[0], cmp_rec);
    for (int i = 0; i < 2000; i += 199)
        printf("%s %.6f\n", r[i].name, r[i].value);
    qsort(v, 0, sizeof v[0], cmp_int);
    qsort(v, 1, sizeof v[0], cmp_int);
    return 0;
}
