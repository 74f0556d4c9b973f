/* malloc/realloc/free/calloc under stress: many sizes (small, mmap-sized), content checked
 * after every realloc, fragmentation patterns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 99;
static unsigned next(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(state >> 33);
}

enum { SLOTS = 512 };
static unsigned char* slot[SLOTS];
static size_t size[SLOTS];

static int check(int i) {
    for (size_t k = 0; k < size[i]; ++k)
        if (slot[i][k] != (unsigned char)(i + k)) return 0;
    return 1;
}
static void fill(int i, size_t from) {
    for (size_t k = from; k < size[i]; ++k)
        slot[i][k] = (unsigned char)(i + k);
}

int main(void) {
    int bad = 0;
    unsigned long long bytes = 0;
    for (int round = 0; round < 40000; ++round) {
        int i = (int)(next() % SLOTS);
        unsigned what = next() % 8;
        size_t n = (what == 7) ? 100000 + next() % 400000 : next() % (what < 4 ? 64 : 4096);
        if (!slot[i]) {
            slot[i] = malloc(n);
            size[i] = n;
            fill(i, 0);
        } else if (what < 3) {
            bad += !check(i);
            free(slot[i]);
            slot[i] = NULL;
        } else {
            bad += !check(i);
            unsigned char* p = realloc(slot[i], n);
            if (!p && n) return 2;
            slot[i] = p;
            size_t old = size[i];
            size[i] = n;
            if (n > old) fill(i, old);
            bad += !check(i);
        }
        bytes += n;
        if (slot[i] && ((uintptr_t)slot[i] & 15)) bad++;
    }
    for (int i = 0; i < SLOTS; ++i) {
        bad += slot[i] && !check(i);
        free(slot[i]);
    }
    int* z = calloc(1000, sizeof(int));
    int zeros = 0;
    for (int i = 0; i < 1000; ++i)
        zeros += z[i] == 0;
    free(z);
    void* big = malloc((size_t)64 << 20);
    memset(big, 1, (size_t)64 << 20);
    free(big);
    /* Stored through a volatile pointer: clang may otherwise drop an unused allocation and
     * fold the comparison to "not null" (gcc, which builds the native side, does not). */
    void* volatile huge = malloc((size_t)1 << 62);
    printf("bad %d bytes %llu zeros %d huge %s\n", bad, bytes, zeros,
           huge == NULL ? "refused" : "granted");
    return 0;
}
