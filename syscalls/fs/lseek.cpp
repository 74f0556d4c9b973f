// lseek(fd, offset, whence): image files (SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA,
// SEEK_HOLE), directories (SEEK_SET, SEEK_CUR: the entry index), channels with a random
// direction (SEEK_SET, SEEK_CUR, SEEK_END); sequential channels -ESPIPE.
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_lseek(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    return file->seek(static_cast<int64_t>(args.a[1]), static_cast<int>(args.a[2]));
}

} // namespace zvm::syscalls
