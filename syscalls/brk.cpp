// brk(addr): moves the end of the heap within [brk_start, mmap_top) if the pages are
// free and the memory limit allows; returns the (new or unchanged) break, as Linux does.
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <string>

namespace zvm::syscalls {

int64_t sys_brk(runtime::Instance& instance, const Args& args) {
    const uint64_t addr = args.a[0];
    const auto current = static_cast<int64_t>(instance.brk);
    if (addr < instance.brk_start || addr > instance.mmap_top) return current;
    const uint64_t old_end = runtime::page_ceil(instance.brk);
    const uint64_t new_end = runtime::page_ceil(addr);
    std::string error;
    if (new_end > old_end) {
        const uint64_t more = new_end - old_end;
        if (!instance.memory->none_mapped(old_end, more) || !within_limit(instance, more))
            return current;
        if (!instance.memory->map(old_end, more, runtime::kProtRead | runtime::kProtWrite, false,
                                  &error))
            end_on_host_failure(instance, error);
    } else if (new_end < old_end) {
        if (!instance.memory->unmap(new_end, old_end - new_end, &error, instance.memory_limit))
            end_on_host_failure(instance, error);
    }
    instance.brk = addr;
    return static_cast<int64_t>(addr);
}

} // namespace zvm::syscalls
