/* A zapp for zvm serve's tests (tests/serve/serve_test.cpp). argv[1] picks what a request
 * does; built twice: serve_probe (snapshot at the entry point) and serve_probe_snapshot
 * (-DSNAPSHOT: start-up sets `started` and allocates, then zvm_snapshot).
 *   hello            prints "hello" and its other arguments
 *   echo             copies stdin to stdout
 *   env NAME         prints getenv(NAME)
 *   counter          increments a global and a TLS counter, prints both and `started`
 *   write SECRET     leaves SECRET in its stack, data, bss, TLS, heap (small and large
 *                    blocks), brk area and an anonymous mmap; exits 0
 *   scan SECRET      looks for SECRET in all those places; prints "clean" or where
 *   limit            prints RLIMIT_AS; lower: lowers it to 8 MiB first
 *   crash | loop | bomb | slow MS | exit N | cgi404 | cgibad
 *   size PATH        reads the image's file PATH to its end; prints how many bytes
 *   splitmaps        splits a 2.5 GiB mapping page by page with mprotect until a call
 *                    fails (at the host's vm.max_map_count the runtime ends the instance)
 * Served with ,cgi the mode comes from PATH_INFO (/run/NAME/MODE).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef SNAPSHOT
#include <zvm/serve.h>
#endif

#define STACK_BYTES (256 * 1024)
#define MMAP_BYTES (1 << 20)
#define BRK_BYTES (256 * 1024)
static const size_t kHeapSizes[] = {24, 1000, 50000, 300000, 3000000};

static char data_buf[8192] = "initial data";
static char bss_buf[65536];
/* Larger than musl's builtin static TLS space: regression test for the linker script's
 * PT_TLS (toolchain/sysroot/zvm.ld.in, the GOT once made it cover the wrong section). */
static _Thread_local char tls_buf[512];
static _Thread_local int tls_counter;
static int counter;
static int started;
static void* startup_block;

static int contains(const volatile char* p, size_t n, const char* s) {
    size_t len = strlen(s);
    for (size_t i = 0; i + len <= n; ++i)
        if (p[i] == s[0] && memcmp((const char*)p + i, s, len) == 0) return 1;
    return 0;
}

static void fill(volatile char* p, size_t n, const char* s) {
    size_t len = strlen(s);
    for (size_t i = 0; i + len <= n; i += len)
        memcpy((char*)p + i, s, len);
}

/* The stack below the caller: written by `write`, read by `scan` (same depth). */
__attribute__((noinline)) static int stack_area(const char* secret, int write) {
    volatile char area[STACK_BYTES];
    if (write) {
        fill(area, sizeof area, secret);
        return 0;
    }
    return contains(area, sizeof area, secret);
}

static int report(const char* where, int found) {
    if (found) printf("found in %s\n", where);
    return found;
}

/* The addresses of the heap, brk and mmap blocks a request gets: the same in every
 * request when the worker resets it to the snapshot (the test compares them), so `scan`
 * reads exactly the memory an earlier `write` filled. */
static void print_addresses(void** blocks, size_t count, void* b, void* m) {
    printf("addresses");
    for (size_t i = 0; i < count; ++i)
        printf(" %p", blocks[i]);
    printf(" brk %p mmap %p\n", b, m);
}

static int scan(const char* secret) {
    int dirty = 0;
    void* blocks[sizeof kHeapSizes / sizeof kHeapSizes[0]];
    dirty |= report("stack", stack_area(secret, 0));
    dirty |= report("data", contains(data_buf, sizeof data_buf, secret));
    dirty |= report("bss", contains(bss_buf, sizeof bss_buf, secret));
    dirty |= report("tls", contains(tls_buf, sizeof tls_buf, secret));
    for (size_t i = 0; i < sizeof kHeapSizes / sizeof kHeapSizes[0]; ++i) {
        char* p = malloc(kHeapSizes[i]); /* not zeroed: whatever was there */
        blocks[i] = p;
        dirty |= report("heap", p && contains(p, kHeapSizes[i], secret));
        if (i % 2) free(p); /* as `write` does, so later blocks land where its did */
    }
    char* b = sbrk(BRK_BYTES);
    dirty |= report("brk", b != (void*)-1 && contains(b, BRK_BYTES, secret));
    char* m = mmap(0, MMAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    dirty |= report("mmap", m != MAP_FAILED && contains(m, MMAP_BYTES, secret));
    /* The whole stack region below this frame, as far as it is mapped (8 MiB default). */
    volatile char probe;
    uintptr_t sp = (uintptr_t)&probe;
    uintptr_t low = (sp & ~(uintptr_t)4095) - (7u << 20);
    dirty |= report("deep stack", contains((volatile char*)low, sp - 4096 - low, secret));
    print_addresses(blocks, sizeof blocks / sizeof blocks[0], b, m);
    if (!dirty) printf("clean\n");
    return 0;
}

static int write_secret(const char* secret) {
    void* blocks[sizeof kHeapSizes / sizeof kHeapSizes[0]];
    stack_area(secret, 1);
    fill(data_buf, sizeof data_buf, secret);
    fill(bss_buf, sizeof bss_buf, secret);
    fill(tls_buf, sizeof tls_buf, secret);
    for (size_t i = 0; i < sizeof kHeapSizes / sizeof kHeapSizes[0]; ++i) {
        char* p = malloc(kHeapSizes[i]);
        blocks[i] = p;
        if (p) fill(p, kHeapSizes[i], secret);
        /* half of them freed: freed memory is reused or returned */
        if (i % 2) free(p);
    }
    char* b = sbrk(BRK_BYTES);
    if (b != (void*)-1) fill(b, BRK_BYTES, secret);
    char* m = mmap(0, MMAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) fill(m, MMAP_BYTES, secret);
    /* and made read-only, so a reset must lift the protection to clean it */
    if (m != MAP_FAILED) mprotect(m, MMAP_BYTES, PROT_READ);
    volatile char deep[4 << 20];
    fill(deep, sizeof deep, secret);
    print_addresses(blocks, sizeof blocks / sizeof blocks[0], b, m);
    printf("written\n");
    return 0;
}

int main(int argc, char** argv) {
#ifdef SNAPSHOT
    started = 42;
    startup_block = malloc(100000);
    memset(startup_block, 7, 100000);
    fflush(NULL);
    if (zvm_snapshot(&argc, &argv) < 0) {
        perror("zvm_snapshot");
        return 99;
    }
#endif
    /* Served as a CGI app, the mode is the path after /run/NAME/. */
    const char* path_info = getenv("PATH_INFO");
    const char* mode = argc >= 2 ? argv[1] : path_info && path_info[0] == '/' ? path_info + 1 : 0;
    if (!mode) {
        fprintf(stderr, "usage: serve_probe MODE [ARGS]\n");
        return 2;
    }
    if (!strcmp(mode, "hello")) {
        printf("hello");
        for (int i = 2; i < argc; ++i)
            printf(" %s", argv[i]);
        printf("\n");
        return 0;
    }
    if (!strcmp(mode, "echo")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            fwrite(buf, 1, n, stdout);
        return 0;
    }
    if (!strcmp(mode, "size") && argc > 2) {
        FILE* f = fopen(argv[2], "r");
        if (!f) {
            perror(argv[2]);
            return 1;
        }
        char buf[65536];
        size_t n, total = 0;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            total += n;
        fclose(f);
        printf("%zu\n", total);
        return 0;
    }
    if (!strcmp(mode, "env") && argc > 2) {
        const char* v = getenv(argv[2]);
        printf("%s\n", v ? v : "(unset)");
        return 0;
    }
    if (!strcmp(mode, "counter")) {
        ++counter;
        ++tls_counter;
        printf("counter %d tls %d started %d block %d\n", counter, tls_counter, started,
               startup_block ? ((unsigned char*)startup_block)[99999] : -1);
        return 0;
    }
    if (!strcmp(mode, "limit") || !strcmp(mode, "lower")) {
        struct rlimit r;
        if (!strcmp(mode, "lower")) {
            r.rlim_cur = r.rlim_max = 8 << 20;
            if (setrlimit(RLIMIT_AS, &r) != 0) perror("setrlimit");
        }
        getrlimit(RLIMIT_AS, &r);
        printf("as %llu\n", (unsigned long long)r.rlim_cur);
        return 0;
    }
    if (!strcmp(mode, "write") && argc > 2) return write_secret(argv[2]);
    if (!strcmp(mode, "scan") && argc > 2) return scan(argv[2]);
    if (!strcmp(mode, "crash")) {
        fprintf(stderr, "crashing\n");
        fflush(stderr);
        *(volatile int*)16 = 1;
        return 0;
    }
    if (!strcmp(mode, "loop"))
        for (volatile int i = 0;; ++i) {
        }
    if (!strcmp(mode, "bomb")) {
        /* The blocks are chained from a volatile root: an allocation nothing can observe may
         * be elided, and clang then turns this loop into `for (;;);` (seen). */
        static void* volatile chain;
        size_t total = 0;
        for (;;) {
            char* p = malloc(1 << 20);
            if (!p) break;
            memset(p, 1, 1 << 20);
            *(void**)p = chain;
            chain = p;
            total += 1 << 20;
        }
        printf("bomb stopped at %zu MiB\n", total >> 20);
        return 3;
    }
    if (!strcmp(mode, "slow") && argc > 2) {
        /* busy, not sleeping: the virtual clock does not pass real time */
        volatile unsigned long x = 0;
        for (unsigned long i = 0; i < strtoul(argv[2], 0, 10) * 300000UL; ++i)
            x += i;
        printf("slow done\n");
        return 0;
    }
    if (!strcmp(mode, "splitmaps")) {
        const size_t pages = 640000;
        char* base =
            mmap(0, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) return 4;
        size_t page = 1;
        while (page < pages && mprotect(base + page * 4096, 4096, PROT_READ) == 0)
            page += 2;
        printf("splitmaps went on after %zu splits\n", page / 2);
        return 3;
    }
    if (!strcmp(mode, "exit") && argc > 2) return atoi(argv[2]);
    if (!strcmp(mode, "cgi404")) {
        printf("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such page\n");
        return 0;
    }
    if (!strcmp(mode, "cgibad")) {
        printf("this is not a header\n\nbody\n");
        return 0;
    }
    fprintf(stderr, "serve_probe: unknown mode %s\n", mode);
    return 2;
}
