// access(path, mode): faccessat2(AT_FDCWD, path, mode, 0).
#include "syscalls/handlers.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_access(runtime::Instance& instance, const Args& args) {
    return sys_faccessat2(
        instance, Args{args.nr, {static_cast<uint64_t>(AT_FDCWD), args.a[0], args.a[1], 0}});
}

} // namespace zvm::syscalls
