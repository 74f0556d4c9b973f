/* Splits one mapping page by page with mprotect until a call fails: on the way it reaches
 * the host's vm.max_map_count, where Linux's mprotect fails (and can fail after changing
 * part of its range). The runtime must end the instance there (a runtime error, exit 125)
 * rather than go on with a page map that may disagree with the host. Run by
 * limits_run_test.cpp with a memory limit above kPages pages; the host's limit must be
 * below kPages / 2 mappings. Prints how far it got if every call succeeded or one failed
 * and the instance went on (the test fails then). */
#include "ztest.h"

enum { NR_mmap = 9, NR_mprotect = 10 };
enum { PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20 };

static const u64 kPages = 640000; /* 2.5 GiB, never touched */

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    const i64 base = SYS(NR_mmap, 0, kPages * 4096, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(base > 0, 1);
    u64 splits = 0;
    i64 r = 0;
    for (u64 page = 1; page < kPages; page += 2, ++splits) {
        r = SYS(NR_mprotect, base + (i64)(page * 4096), 4096, PROT_READ);
        if (r != 0) break;
    }
    put(1, "map_count: went on after ");
    put_num(1, (i64)splits);
    put(1, " splits, the last mprotect returning ");
    put_num(1, r);
    put(1, "\n");
    return 3;
}
