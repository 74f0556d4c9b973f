// setrlimit(resource, rlim): lowering only (syscalls/rlimits.h).
#include "syscalls/handlers.h"
#include "syscalls/rlimits.h"
#include "syscalls/sandbox_ptr.h"

namespace zvm::syscalls {

int64_t sys_setrlimit(runtime::Instance& instance, const Args& args) {
    KernelRlimit limit{};
    if (!copy_in(instance, args.a[1], &limit)) return -EFAULT;
    return set_sandbox_rlimit(instance, args.a[0], limit);
}

} // namespace zvm::syscalls
