// read(fd, buf, count): the stdin descriptor reads the host's stdin.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_read(runtime::Instance& instance, const Args& args) {
    const uint64_t count = args.a[2];
    if (instance.channel(args.a[0]) != runtime::Channel::kStdin) return -EBADF;
    if (count == 0) return 0;
    std::byte* buf = writable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    const ssize_t n = ::read(STDIN_FILENO, buf, count);
    return n < 0 ? -errno : n;
}

} // namespace zvm::syscalls
