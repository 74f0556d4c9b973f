// write(fd, buf, count): descriptors of stdout and stderr write to the host's.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_write(runtime::Instance& instance, const Args& args) {
    const runtime::Channel ch = instance.channel(args.a[0]);
    const uint64_t count = args.a[2];
    if (ch != runtime::Channel::kStdout && ch != runtime::Channel::kStderr) return -EBADF;
    if (count == 0) return 0;
    const std::byte* buf = readable(instance, args.a[1], count);
    if (buf == nullptr) return -EFAULT;
    const ssize_t n = ::write(static_cast<int>(ch), buf, count);
    return n < 0 ? -errno : n;
}

} // namespace zvm::syscalls
