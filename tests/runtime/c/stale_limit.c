/* Maps and touches LEN bytes at 0x40000000, unmaps them (the host may keep them, stale),
 * then maps and touches LEN bytes at 0x80000000. Run by limits_run_test.cpp with a memory
 * limit a little above LEN: the host must not hold both (the stale pages are released
 * when the second mapping would pass the limit with them). Prints "stale_limit ok". */
#include "ztest.h"

enum { NR_mmap = 9, NR_munmap = 11 };
enum { PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20 };

static const u64 kLen = 200ul << 20;

static void touch(u64 at) {
    for (u64 i = 0; i < kLen; i += 4096)
        ((volatile u8*)at)[i] = 1;
}

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    const u64 a = 0x40000000, b = 0x80000000;
    const int rw = PROT_READ | PROT_WRITE, flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    CHECK(SYS(NR_mmap, a, kLen, rw, flags, -1, 0), a);
    touch(a);
    CHECK(SYS(NR_munmap, a, kLen), 0);
    CHECK(SYS(NR_mmap, b, kLen, rw, flags, -1, 0), b);
    touch(b);
    put(1, "stale_limit ok\n");
    return 0;
}
