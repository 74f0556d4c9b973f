// lstat(path, buf): newfstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW).
#include "syscalls/handlers.h"

#include <fcntl.h>

namespace zvm::syscalls {

int64_t sys_lstat(runtime::Instance& instance, const Args& args) {
    return sys_newfstatat(instance, Args{args.nr,
                                         {static_cast<uint64_t>(AT_FDCWD), args.a[0], args.a[1],
                                          AT_SYMLINK_NOFOLLOW}});
}

} // namespace zvm::syscalls
