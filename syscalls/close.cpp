// close(fd): frees the descriptor; the open file (and the host side of a channel, which
// lives as long as the instance) stays while other descriptors share it.
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_close(runtime::Instance& instance, const Args& args) {
    return instance.fds.close(args.a[0]);
}

} // namespace zvm::syscalls
