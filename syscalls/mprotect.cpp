// mprotect(addr, len, prot): read/write changes on mapped, changeable pages; execute
// permission is never granted (-EACCES), and text is never re-protected.
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <cerrno>
#include <string>

namespace zvm::syscalls {

int64_t sys_mprotect(runtime::Instance& instance, const Args& args) {
    const uint64_t addr = args.a[0];
    const uint64_t len = page_len(args.a[1]);
    const uint64_t prot = args.a[2];
    if (args.a[1] == 0 && addr % runtime::kPageSize == 0) return 0;
    if (prot & ~uint64_t{PROT_READ | PROT_WRITE | PROT_EXEC}) return -EINVAL;
    if (prot & PROT_EXEC) return -EACCES;
    if (addr % runtime::kPageSize != 0) return -EINVAL;
    if (!changeable(instance, addr, len)) return -EACCES;
    if (!instance.memory->all_mapped(addr, len)) return -ENOMEM;
    std::string error;
    if (!instance.memory->protect(addr, len, data_prot(prot), &error))
        end_on_host_failure(instance, error);
    return 0;
}

} // namespace zvm::syscalls
