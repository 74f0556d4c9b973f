// exit(status) and exit_group(status): one thread per sandbox, so both end the instance.
// The status is the low 8 bits of the argument, as on Linux.
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_exit(runtime::Instance&, const Args& args) {
    // Nothing on this stack needs destruction: zvm_exit_sandbox abandons it.
    zvm_exit_sandbox(static_cast<int>(args.a[0] & 0xFF));
}

int64_t sys_exit_group(runtime::Instance& instance, const Args& args) {
    return sys_exit(instance, args);
}

} // namespace zvm::syscalls
