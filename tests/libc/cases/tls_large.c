/* A thread-local block larger than musl's builtin static TLS space (a few hundred bytes), with
 * initialised and zero parts, written through while malloc works. Regression: when zvm.ld let
 * PT_TLS cover the GOT instead of .tdata/.tbss, musl sized static TLS from the wrong segment
 * and such a block overlapped malloc's state (malloc returned 0x4141... after the memset). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local char tl_big[4096];
_Thread_local char tl_text[600] = "initialised thread-local text";
_Thread_local uint64_t tl_words[256] = {1, 2, 3};

int main(void) {
    printf("initial: '%s' %llu %llu %llu big[0..4096) zero=%d\n", tl_text,
           (unsigned long long)tl_words[0], (unsigned long long)tl_words[2],
           (unsigned long long)tl_words[255], memchr(tl_big, 1, sizeof tl_big) == NULL);
    memset(tl_big, 'A', sizeof tl_big);
    memset(tl_text + 100, 'B', sizeof tl_text - 101);
    for (int i = 0; i < 256; ++i)
        tl_words[i] = 0x4141414141414141ull ^ (uint64_t)i;
    /* malloc of many sizes, each block checked after all are written. */
    enum { N = 200 };
    unsigned char* blocks[N];
    for (int i = 0; i < N; ++i) {
        const size_t size = 1 + (size_t)i * 97 % 5000;
        blocks[i] = malloc(size);
        if (!blocks[i]) {
            printf("malloc %zu failed\n", size);
            return 1;
        }
        memset(blocks[i], i & 0xff, size);
    }
    int bad = 0;
    for (int i = 0; i < N; ++i) {
        const size_t size = 1 + (size_t)i * 97 % 5000;
        for (size_t j = 0; j < size; ++j)
            bad += blocks[i][j] != (i & 0xff);
        free(blocks[i]);
    }
    size_t a = 0;
    for (size_t i = 0; i < sizeof tl_big; ++i)
        a += tl_big[i] == 'A';
    printf("after: blocks bad=%d big 'A'=%zu text[100]=%c words[7]=%llx\n", bad, a, tl_text[100],
           (unsigned long long)tl_words[7]);
    return 0;
}
