// The sandbox's resource limits, shared by getrlimit, setrlimit and prlimit64: the real
// limits of this instance, one value for soft and hard.
//   RLIMIT_AS, RLIMIT_DATA: the memory limit (instance.memory_limit);
//   RLIMIT_STACK: the stack the loader mapped (instance.stack_size);
//   RLIMIT_NOFILE: the descriptor table's size (runtime::kMaxFds);
//   RLIMIT_CORE: 0 (no core dumps); RLIMIT_NPROC: 1 (no clone); the others: RLIM_INFINITY.
// Setting: rlim_cur above rlim_max is -EINVAL; rlim_max above the current limit is -EPERM
// (no raising); otherwise the call succeeds, and for RLIMIT_AS and RLIMIT_DATA the memory
// limit becomes rlim_cur, enforced by brk and mmap. Lowering the other limits is accepted
// and changes nothing (getrlimit keeps reporting the real limit).
#pragma once

#include "runtime/fd_table.h"
#include "runtime/instance.h"

#include <cerrno>
#include <cstdint>
#include <sys/resource.h>

namespace zvm::syscalls {

// The kernel's struct rlimit (also prlimit64's struct rlimit64 on x86-64).
struct KernelRlimit {
    uint64_t cur;
    uint64_t max;
};

// The limit of `resource`, or -EINVAL when there is no such resource.
inline int64_t sandbox_rlimit(const runtime::Instance& instance, uint64_t resource,
                              KernelRlimit* out) {
    uint64_t value = RLIM_INFINITY;
    switch (resource) {
    case RLIMIT_AS:
    case RLIMIT_DATA:
        value = instance.memory_limit;
        break;
    case RLIMIT_STACK:
        value = instance.stack_size;
        break;
    case RLIMIT_NOFILE:
        value = runtime::kMaxFds;
        break;
    case RLIMIT_CORE:
        value = 0;
        break;
    case RLIMIT_NPROC:
        value = 1;
        break;
    default:
        if (resource >= RLIM_NLIMITS) return -EINVAL;
    }
    *out = {value, value};
    return 0;
}

// Applies a new limit (see the rules above); 0 or -errno.
inline int64_t set_sandbox_rlimit(runtime::Instance& instance, uint64_t resource,
                                  const KernelRlimit& limit) {
    KernelRlimit now{};
    if (const int64_t err = sandbox_rlimit(instance, resource, &now)) return err;
    if (limit.cur > limit.max) return -EINVAL;
    if (limit.max > now.max) return -EPERM;
    if (resource == RLIMIT_AS || resource == RLIMIT_DATA) instance.memory_limit = limit.cur;
    return 0;
}

} // namespace zvm::syscalls
