// madvise(addr, len, advice): MADV_DONTNEED and MADV_FREE zero the pages (the same
// result every run: MADV_FREE's "maybe kept" would not be deterministic); every other
// advice is accepted and ignored. Resident writable pages are zeroed with memset rather
// than dropped, so touching them again costs no page fault (SandboxMemory::zero).
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <cerrno>
#include <string>

namespace zvm::syscalls {

int64_t sys_madvise(runtime::Instance& instance, const Args& args) {
    const uint64_t addr = args.a[0];
    const uint64_t len = page_len(args.a[1]);
    if (addr % runtime::kPageSize != 0) return -EINVAL;
    if (args.a[1] == 0) return 0;
    if (args.a[2] != MADV_DONTNEED && args.a[2] != MADV_FREE) return 0;
    if (!changeable(instance, addr, len)) return -EINVAL;
    if (!instance.memory->all_mapped(addr, len)) return -ENOMEM;
    // Zeroed in place where resident (no page fault on the next touch), dropped elsewhere.
    std::string error;
    if (!instance.memory->zero(addr, len, &error)) end_on_host_failure(instance, error);
    return 0;
}

} // namespace zvm::syscalls
