// fstat(fd, buf): the status of an open file (syscalls/fs/stat_info.h).
#include "syscalls/fs/stat_info.h"
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_fstat(runtime::Instance& instance, const Args& args) {
    const runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    return copy_out(instance, args.a[1], stat_of(instance, file->node)) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
