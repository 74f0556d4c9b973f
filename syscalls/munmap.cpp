// munmap(addr, len): gives changeable pages back (memory_rules.h); unmapped pages in the
// range are ignored, as on Linux. The host keeps the pages, within the memory limit, for
// the next mapping to reuse (stale pages, SandboxMemory::unmap).
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <cerrno>
#include <string>

namespace zvm::syscalls {

int64_t sys_munmap(runtime::Instance& instance, const Args& args) {
    const uint64_t addr = args.a[0];
    const uint64_t len = page_len(args.a[1]);
    if (!changeable(instance, addr, len)) return -EINVAL;
    std::string error;
    if (!instance.memory->unmap(addr, len, &error, instance.memory_limit))
        end_on_host_failure(instance, error);
    return 0;
}

} // namespace zvm::syscalls
