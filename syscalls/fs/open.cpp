// open(path, flags, mode): openat(AT_FDCWD, path, flags, mode).
#include "syscalls/handlers.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_open(runtime::Instance& instance, const Args& args) {
    return sys_openat(
        instance,
        Args{args.nr, {static_cast<uint64_t>(AT_FDCWD), args.a[0], args.a[1], args.a[2]}});
}

} // namespace zvm::syscalls
