/* munmap, brk, mremap and madvise(MADV_DONTNEED) with the host keeping the pages (stale,
 * SandboxMemory::unmap): whatever comes back is zero, never the old contents. Run by
 * limits_run_test.cpp; prints "stale_pages ok" and exits 0, or names the failing line. */
#include "ztest.h"

enum {
    NR_mmap = 9,
    NR_mprotect = 10,
    NR_munmap = 11,
    NR_brk = 12,
    NR_mremap = 25,
    NR_madvise = 28
};
enum {
    PROT_READ = 1,
    PROT_WRITE = 2,
    MAP_PRIVATE = 2,
    MAP_FIXED = 0x10,
    MAP_ANONYMOUS = 0x20,
    MADV_DONTNEED = 4,
    MREMAP_MAYMOVE = 1
};

static const u64 kLen = 1ul << 20;

static i64 map(u64 addr, u64 len, int prot, int flags) {
    return SYS(NR_mmap, addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}
static void fill(i64 p, u64 len, u8 v) {
    for (u64 i = 0; i < len; ++i)
        ((volatile u8*)p)[i] = v;
}
/* The first nonzero byte's offset + 1, or 0 when all are zero. */
static i64 nonzero(i64 p, u64 len) {
    for (u64 i = 0; i < len; ++i)
        if (((volatile u8*)p)[i] != 0) return (i64)i + 1;
    return 0;
}

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    /* munmap then mmap of the same size: the same place (top-down), zero. */
    for (int round = 0; round < 3; ++round) {
        i64 p = map(0, kLen, PROT_READ | PROT_WRITE, 0);
        CHECK(p > 0, 1);
        CHECK(nonzero(p, kLen), 0);
        fill(p, kLen, (u8)(0xA0 + round));
        CHECK(SYS(NR_munmap, p, kLen), 0);
        i64 q = map(0, kLen, PROT_READ | PROT_WRITE, 0);
        CHECK(q, p);
        CHECK(nonzero(q, kLen), 0);
        fill(q, kLen / 2, 0x55);
        CHECK(SYS(NR_munmap, q, kLen), 0);
    }
    /* Half stale, half fresh, read-only: zero. */
    i64 p = map(0, kLen, PROT_READ | PROT_WRITE, 0);
    fill(p, kLen, 0x11);
    CHECK(SYS(NR_munmap, p + kLen / 2, kLen / 2), 0);
    CHECK(map(p + kLen / 2, kLen, PROT_READ, MAP_FIXED), p + kLen / 2);
    CHECK(nonzero(p + kLen / 2, kLen), 0);
    CHECK(SYS(NR_munmap, p, kLen + kLen / 2), 0);
    /* madvise(MADV_DONTNEED): zero, still mapped. */
    p = map(0, kLen, PROT_READ | PROT_WRITE, 0);
    fill(p, kLen, 0x22);
    CHECK(SYS(NR_mprotect, p + kLen - 4096, 4096, PROT_READ), 0);
    CHECK(SYS(NR_madvise, p, kLen, MADV_DONTNEED), 0);
    CHECK(nonzero(p, kLen), 0);
    fill(p, 4096, 0x33);
    CHECK(SYS(NR_munmap, p, kLen), 0);
    /* mremap: shrink, then grow in place over the stale tail. */
    p = map(0, kLen, PROT_READ | PROT_WRITE, 0);
    fill(p, kLen, 0x44);
    CHECK(SYS(NR_mremap, p, kLen, 4096, 0), p);
    CHECK(SYS(NR_mremap, p, 4096, kLen, 0), p);
    CHECK(nonzero(p + 4096, kLen - 4096), 0);
    CHECK(((volatile u8*)p)[0], 0x44);
    CHECK(SYS(NR_munmap, p, kLen), 0);
    /* brk: shrink and grow again. */
    i64 b = SYS(NR_brk, 0);
    CHECK(SYS(NR_brk, b + kLen), b + kLen);
    i64 page = (b + 4095) & ~4095l;
    fill(page, kLen - 4096, 0x66);
    CHECK(SYS(NR_brk, b), b);
    CHECK(SYS(NR_brk, b + kLen), b + kLen);
    CHECK(nonzero(page, kLen - 4096), 0);
    put(1, "stale_pages ok\n");
    return 0;
}
