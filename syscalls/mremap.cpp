// mremap(old, old_len, new_len, flags): shrinks in place; grows in place when the pages
// after the mapping are free; otherwise, with MREMAP_MAYMOVE, copies to a new range
// chosen like mmap's and unmaps the old one. The old range must be mapped with one
// permission (-EFAULT otherwise); MREMAP_FIXED and MREMAP_DONTUNMAP are not supported
// (-EINVAL). Bounded by the memory limit (-ENOMEM).
#include "syscalls/handlers.h"
#include "syscalls/memory_rules.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace zvm::syscalls {

int64_t sys_mremap(runtime::Instance& instance, const Args& args) {
    const uint64_t old_addr = args.a[0];
    const uint64_t old_len = page_len(args.a[1]);
    const uint64_t new_len = page_len(args.a[2]);
    const uint64_t flags = args.a[3];
    if (old_addr % runtime::kPageSize != 0 || (flags & ~uint64_t{MREMAP_MAYMOVE}) != 0 ||
        old_len == 0 || new_len == 0)
        return -EINVAL;
    if (!changeable(instance, old_addr, old_len) || !instance.memory->all_mapped(old_addr, old_len))
        return -EFAULT;
    const uint8_t prot = instance.memory->prot_at(old_addr);
    for (uint64_t a = old_addr; a < old_addr + old_len; a += runtime::kPageSize)
        if (instance.memory->prot_at(a) != prot) return -EFAULT;

    std::string error;
    if (new_len <= old_len) {
        if (new_len < old_len && !instance.memory->unmap(old_addr + new_len, old_len - new_len,
                                                         &error, instance.memory_limit))
            end_on_host_failure(instance, error);
        return static_cast<int64_t>(old_addr);
    }
    const uint64_t more = new_len - old_len;
    if (!within_limit(instance, more)) return -ENOMEM;
    const uint64_t tail = old_addr + old_len;
    if (tail <= instance.mmap_top && more <= instance.mmap_top - tail &&
        instance.memory->none_mapped(tail, more)) {
        if (!instance.memory->map(tail, more, prot, false, &error))
            end_on_host_failure(instance, error);
        return static_cast<int64_t>(old_addr);
    }
    if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
    if (!within_limit(instance, new_len)) return -ENOMEM;
    const auto to =
        instance.memory->find_free(new_len, runtime::page_ceil(instance.brk), instance.mmap_top);
    if (!to) return -ENOMEM;
    if (!instance.memory->map(*to, new_len, runtime::kProtRead | runtime::kProtWrite, false,
                              &error))
        end_on_host_failure(instance, error);
    // Both ranges are mapped sandbox memory (host memory at the same addresses); the old
    // one is readable unless it is PROT_NONE, whose bytes the sandbox cannot see anyway.
    if (prot & runtime::kProtRead)
        std::memcpy(reinterpret_cast<void*>(*to), reinterpret_cast<const void*>(old_addr), old_len);
    if (!instance.memory->protect(*to, new_len, prot, &error) ||
        !instance.memory->unmap(old_addr, old_len, &error, instance.memory_limit))
        end_on_host_failure(instance, error);
    return static_cast<int64_t>(*to);
}

} // namespace zvm::syscalls
