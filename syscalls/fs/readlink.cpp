// readlink(path, buf, size): readlinkat(AT_FDCWD, path, buf, size).
#include "syscalls/handlers.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_readlink(runtime::Instance& instance, const Args& args) {
    return sys_readlinkat(
        instance,
        Args{args.nr, {static_cast<uint64_t>(AT_FDCWD), args.a[0], args.a[1], args.a[2]}});
}

} // namespace zvm::syscalls
