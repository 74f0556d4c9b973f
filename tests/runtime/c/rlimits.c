/* getrlimit, setrlimit and prlimit64: the sandbox's real limits, lowering enforced for the
 * memory limit, raising refused. Run with --memory 64M (limits_run_test.cpp); prints
 * "rlimits ok" and exits 0, or names the failing line. */
#include "ztest.h"

enum { NR_mmap = 9, NR_munmap = 11, NR_getrlimit = 97, NR_setrlimit = 160, NR_prlimit64 = 302 };
enum {
    RLIMIT_CPU = 0,
    RLIMIT_DATA = 2,
    RLIMIT_STACK = 3,
    RLIMIT_CORE = 4,
    RLIMIT_NPROC = 6,
    RLIMIT_NOFILE = 7,
    RLIMIT_AS = 9,
    RLIM_NLIMITS = 16,
};
enum { ESRCH = 3, ENOMEM = 12 };
enum { PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20 };

struct krlimit {
    u64 cur, max;
};

static const u64 kMemory = 64ul << 20;
static const u64 kInfinity = ~0ul;

static void check_limit(int resource, u64 want) {
    struct krlimit r = {1, 2};
    CHECK(SYS(NR_getrlimit, resource, &r), 0);
    CHECK(r.cur, want);
    CHECK(r.max, want);
}

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    struct krlimit r, old;
    check_limit(RLIMIT_AS, kMemory);
    check_limit(RLIMIT_DATA, kMemory);
    check_limit(RLIMIT_STACK, 8ul << 20);
    check_limit(RLIMIT_NOFILE, 64);
    check_limit(RLIMIT_CORE, 0);
    check_limit(RLIMIT_NPROC, 1);
    check_limit(RLIMIT_CPU, kInfinity);
    CHECK(SYS(NR_getrlimit, RLIM_NLIMITS, &r), -EINVAL);
    CHECK(SYS(NR_getrlimit, RLIMIT_AS, 0), -EFAULT);
    CHECK(SYS(NR_getrlimit, RLIMIT_AS, 0xfffffff8ul), -EFAULT);

    /* Raising is refused, soft above hard is invalid, a bad pointer faults. */
    r.cur = r.max = kMemory + 4096;
    CHECK(SYS(NR_setrlimit, RLIMIT_AS, &r), -EPERM);
    r.cur = kMemory, r.max = kMemory - 4096;
    CHECK(SYS(NR_setrlimit, RLIMIT_AS, &r), -EINVAL);
    r.cur = r.max = kInfinity;
    CHECK(SYS(NR_setrlimit, RLIMIT_NOFILE, &r), -EPERM);
    CHECK(SYS(NR_setrlimit, RLIMIT_AS, 0x10), -EFAULT);
    CHECK(SYS(NR_setrlimit, RLIM_NLIMITS, &r), -EINVAL);
    check_limit(RLIMIT_AS, kMemory);

    /* prlimit64: only this process (pid 0 or 1). */
    CHECK(SYS(NR_prlimit64, 2, RLIMIT_AS, 0, &old), -ESRCH);
    CHECK(SYS(NR_prlimit64, 1, RLIMIT_NOFILE, 0, &old), 0);
    CHECK(old.cur, 64);
    CHECK(SYS(NR_prlimit64, 0, RLIMIT_AS, 0, 0x10), -EFAULT);
    /* A bad old pointer leaves the limit as it was. */
    r.cur = r.max = 32ul << 20;
    CHECK(SYS(NR_prlimit64, 0, RLIMIT_AS, &r, 0x10), -EFAULT);
    check_limit(RLIMIT_AS, kMemory);

    /* Lowering the memory limit: the old value comes back, the new one is enforced. */
    old.cur = old.max = 0;
    CHECK(SYS(NR_prlimit64, 0, RLIMIT_AS, &r, &old), 0);
    CHECK(old.cur, kMemory);
    CHECK(old.max, kMemory);
    check_limit(RLIMIT_AS, 32ul << 20);
    check_limit(RLIMIT_DATA, 32ul << 20);
    CHECK(SYS(NR_mmap, 0, 40ul << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
          -ENOMEM);
    i64 p = SYS(NR_mmap, 0, 1ul << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p > 0, 1);
    CHECK(SYS(NR_munmap, p, 1ul << 20), 0);
    /* ... and cannot be raised again. */
    r.cur = r.max = kMemory;
    CHECK(SYS(NR_setrlimit, RLIMIT_AS, &r), -EPERM);
    /* Lowering the others is accepted. */
    r.cur = r.max = 16;
    CHECK(SYS(NR_setrlimit, RLIMIT_NOFILE, &r), 0);

    put(1, "rlimits ok\n");
    return 0;
}
