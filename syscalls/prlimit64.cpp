// prlimit64(pid, resource, new_limit, old_limit): getrlimit and setrlimit in one call, for
// pid 0 or the sandbox's own (1, see identity.cpp); another pid is -ESRCH. The old limit
// is the one before the change; either pointer may be null.
#include "syscalls/handlers.h"
#include "syscalls/rlimits.h"
#include "syscalls/sandbox_ptr.h"

namespace zvm::syscalls {

int64_t sys_prlimit64(runtime::Instance& instance, const Args& args) {
    const auto pid = static_cast<int32_t>(args.a[0]);
    const uint64_t resource = args.a[1];
    const uint64_t new_addr = args.a[2];
    const uint64_t old_addr = args.a[3];
    if (pid != 0 && pid != 1) return -ESRCH;
    KernelRlimit old_limit{};
    if (const int64_t err = sandbox_rlimit(instance, resource, &old_limit)) return err;
    KernelRlimit new_limit{};
    if (new_addr != 0 && !copy_in(instance, new_addr, &new_limit)) return -EFAULT;
    // Linux checks the old limit's pointer only after the change; check it first so that a
    // bad pointer leaves the limit as it was.
    if (old_addr != 0 && writable(instance, old_addr, sizeof(KernelRlimit)) == nullptr)
        return -EFAULT;
    if (new_addr != 0) {
        if (const int64_t err = set_sandbox_rlimit(instance, resource, new_limit)) return err;
    }
    if (old_addr != 0 && !copy_out(instance, old_addr, old_limit)) return -EFAULT;
    return 0;
}

} // namespace zvm::syscalls
