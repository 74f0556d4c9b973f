// The calls that would change the filesystem (mkdir, unlink, rename, link, symlink, chmod,
// chown, truncate, mknod and their *at forms): the image is read-only, so -EROFS without
// looking at the arguments.
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_read_only(runtime::Instance&, const Args&) {
    return -EROFS;
}

} // namespace zvm::syscalls
