// rt_sigprocmask(how, set, oldset, sigsetsize): keeps the mask (so oldset reads back
// what was set) but nothing is ever delivered.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"
#include "syscalls/signals.h"

#include <cerrno>
#include <csignal>

namespace zvm::syscalls {

int64_t sys_rt_sigprocmask(runtime::Instance& instance, const Args& args) {
    if (args.a[3] != kKernelSigsetSize) return -EINVAL;
    const uint64_t old = instance.sigmask;
    if (args.a[1] != 0) {
        uint64_t set;
        if (!copy_in(instance, args.a[1], &set)) return -EFAULT;
        switch (args.a[0]) {
        case SIG_BLOCK:
            instance.sigmask |= set;
            break;
        case SIG_UNBLOCK:
            instance.sigmask &= ~set;
            break;
        case SIG_SETMASK:
            instance.sigmask = set;
            break;
        default:
            return -EINVAL;
        }
    }
    if (args.a[2] != 0 && !copy_out(instance, args.a[2], old)) return -EFAULT;
    return 0;
}

} // namespace zvm::syscalls
