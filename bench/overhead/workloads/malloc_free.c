/* malloc and free of 1 MiB blocks in a loop, each page written once: musl's malloc maps
 * blocks this large with mmap and gives them back with munmap, so every round maps, faults
 * in and unmaps 256 pages (docs/design.md, "Stale pages"). Prints a checksum.
 *
 *   malloc_free [ROUNDS]   (default 2000) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
    const long rounds = argc > 1 ? atol(argv[1]) : 2000;
    const size_t size = 1u << 20;
    unsigned long sum = 0;
    for (long r = 0; r < rounds; ++r) {
        volatile unsigned char* p = malloc(size);
        if (p == NULL) return 1;
        for (size_t i = 0; i < size; i += 4096) {
            sum += p[i]; /* fresh memory: always 0 */
            p[i] = (unsigned char)r;
        }
        free((void*)p);
    }
    printf("%lu\n", sum);
    return sum != 0;
}
