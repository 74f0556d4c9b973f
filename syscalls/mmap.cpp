// mmap(addr, len, prot, flags, fd, offset): anonymous memory inside the sandbox, never
// executable (-EPERM), bounded by the memory limit (-ENOMEM). Without MAP_FIXED the
// address is chosen top-down below mmap_top (the hint is ignored); MAP_FIXED and
// MAP_FIXED_NOREPLACE may only cover changeable pages (memory_rules.h). There are no
// mappable files yet: a file mapping is -ENODEV.
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <cerrno>
#include <string>

namespace zvm::syscalls {

int64_t sys_mmap(runtime::Instance& instance, const Args& args) {
    const uint64_t hint = args.a[0];
    const uint64_t len = page_len(args.a[1]);
    const uint64_t prot = args.a[2];
    const uint64_t flags = args.a[3];
    if (args.a[1] == 0) return -EINVAL;
    if (len == 0) return -ENOMEM;
    if (prot & ~uint64_t{PROT_READ | PROT_WRITE | PROT_EXEC}) return -EINVAL;
    if (prot & PROT_EXEC) return -EPERM;
    const uint64_t type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED) return -EINVAL;
    if (!(flags & MAP_ANONYMOUS)) return -ENODEV;
    if (!within_limit(instance, len)) return -ENOMEM;

    uint64_t addr;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (!changeable(instance, hint, len)) return -EINVAL;
        if ((flags & MAP_FIXED_NOREPLACE) && !instance.memory->none_mapped(hint, len))
            return -EEXIST;
        addr = hint;
    } else {
        const auto found =
            instance.memory->find_free(len, runtime::page_ceil(instance.brk), instance.mmap_top);
        if (!found) return -ENOMEM;
        addr = *found;
    }
    std::string error;
    if (!instance.memory->map(addr, len, data_prot(prot), (flags & MAP_POPULATE) != 0, &error))
        end_on_host_failure(instance, error);
    return static_cast<int64_t>(addr);
}

} // namespace zvm::syscalls
