// close(fd): frees the sandbox descriptor (the host's stdio stays open).
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_close(runtime::Instance& instance, const Args& args) {
    if (instance.channel(args.a[0]) == runtime::Channel::kClosed) return -EBADF;
    instance.fds[args.a[0]] = runtime::Channel::kClosed;
    return 0;
}

} // namespace zvm::syscalls
