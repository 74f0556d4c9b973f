// rt_sigaction(sig, act, oldact, sigsetsize): accepted and ignored (the sandbox gets no
// signals); oldact reads back as the default disposition.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"
#include "syscalls/signals.h"

#include <cerrno>
#include <csignal>

namespace zvm::syscalls {

namespace {
struct KernelSigaction { // the kernel's struct sigaction on x86-64
    uint64_t handler, flags, restorer, mask;
};
} // namespace

int64_t sys_rt_sigaction(runtime::Instance& instance, const Args& args) {
    const uint64_t sig = args.a[0];
    if (args.a[3] != kKernelSigsetSize || sig == 0 || sig > 64) return -EINVAL;
    if (args.a[1] != 0) {
        if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
        KernelSigaction act;
        if (!copy_in(instance, args.a[1], &act)) return -EFAULT;
    }
    if (args.a[2] != 0 && !copy_out(instance, args.a[2], KernelSigaction{})) return -EFAULT;
    return 0;
}

} // namespace zvm::syscalls
