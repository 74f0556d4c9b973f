// fchdir(fd): makes an open directory the working directory.
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_fchdir(runtime::Instance& instance, const Args& args) {
    const runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    if (file->kind != runtime::OpenFile::Kind::kDirectory) return -ENOTDIR;
    instance.cwd = file->node;
    return 0;
}

} // namespace zvm::syscalls
