// sigaltstack(ss, old_ss): accepted; old_ss reads back as disabled.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <csignal>

namespace zvm::syscalls {

int64_t sys_sigaltstack(runtime::Instance& instance, const Args& args) {
    if (args.a[0] != 0) {
        stack_t ss;
        if (!copy_in(instance, args.a[0], &ss)) return -EFAULT;
    }
    stack_t old{};
    old.ss_flags = SS_DISABLE;
    if (args.a[1] != 0 && !copy_out(instance, args.a[1], old)) return -EFAULT;
    return 0;
}

} // namespace zvm::syscalls
