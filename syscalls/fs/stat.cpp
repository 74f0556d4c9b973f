// stat(path, buf): newfstatat(AT_FDCWD, path, buf, 0).
#include "syscalls/handlers.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_stat(runtime::Instance& instance, const Args& args) {
    return sys_newfstatat(
        instance, Args{args.nr, {static_cast<uint64_t>(AT_FDCWD), args.a[0], args.a[1], 0}});
}

} // namespace zvm::syscalls
