// getrlimit(resource, rlim): the sandbox's real limits (syscalls/rlimits.h).
#include "syscalls/handlers.h"
#include "syscalls/rlimits.h"
#include "syscalls/sandbox_ptr.h"

namespace zvm::syscalls {

int64_t sys_getrlimit(runtime::Instance& instance, const Args& args) {
    KernelRlimit limit{};
    if (const int64_t err = sandbox_rlimit(instance, args.a[0], &limit)) return err;
    return copy_out(instance, args.a[1], limit) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
