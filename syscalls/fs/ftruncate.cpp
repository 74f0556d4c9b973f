// ftruncate(fd, length): nothing the sandbox can open is a writable regular file (image
// files open read-only; channels are devices), so, as Linux answers for a descriptor not
// open for writing or not a regular file: -EBADF for a closed descriptor, else -EINVAL.
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_ftruncate(runtime::Instance& instance, const Args& args) {
    if (instance.fds.get(static_cast<uint32_t>(args.a[0])) == nullptr) return -EBADF;
    return -EINVAL;
}

} // namespace zvm::syscalls
