// fcntl(fd, cmd, arg): F_GETFD/F_SETFD (FD_CLOEXEC, kept; there is no exec),
// F_GETFL/F_SETFL (O_APPEND and O_NONBLOCK kept, without effect), F_DUPFD(_CLOEXEC), and
// POSIX record locks on image files (F_GETLK, F_SETLK, F_SETLKW; see record_lock below).
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <unistd.h>

namespace zvm::syscalls {
namespace {

// Record locks of the image's files and directories. The image is private to this instance
// and read-only, and the instance is one process: no lock it asks for can conflict with a
// lock held by another process (there is none), and a process's own locks never conflict
// with each other. So F_SETLK(W) grants what Linux would grant to a lone process and
// F_GETLK answers F_UNLCK, after the checks Linux makes: a valid type and whence, a
// non-negative start, a read lock only on a descriptor open for reading and a write lock
// only on one open for writing (never, here: image files open read-only), else -EBADF.
// Channels are host files or streams that other processes may share: their locks are
// refused with -ENOLCK rather than pretended.
int64_t record_lock(runtime::Instance& instance, const runtime::OpenFile& file, uint64_t cmd,
                    uint64_t addr) {
    struct flock lock {};
    if (!copy_in(instance, addr, &lock)) return -EFAULT;
    if (lock.l_type != F_RDLCK && lock.l_type != F_WRLCK && lock.l_type != F_UNLCK) return -EINVAL;
    int64_t base = 0;
    switch (lock.l_whence) {
    case SEEK_SET:
        break;
    case SEEK_CUR:
        base = file.kind == runtime::OpenFile::Kind::kFile ? static_cast<int64_t>(file.offset) : 0;
        break;
    case SEEK_END:
        base = file.kind == runtime::OpenFile::Kind::kFile && file.node != nullptr
                   ? static_cast<int64_t>(file.node->data.size())
                   : 0;
        break;
    default:
        return -EINVAL;
    }
    if (lock.l_start < -base) return -EINVAL;
    if (file.kind == runtime::OpenFile::Kind::kChannel) return -ENOLCK;
    if (cmd == F_GETLK) {
        lock.l_type = F_UNLCK;
        return copy_out(instance, addr, lock) ? 0 : -EFAULT;
    }
    const int access = file.flags & O_ACCMODE;
    if (lock.l_type == F_RDLCK && access == O_WRONLY) return -EBADF;
    if (lock.l_type == F_WRLCK && access == O_RDONLY) return -EBADF;
    return 0;
}

} // namespace

int64_t sys_fcntl(runtime::Instance& instance, const Args& args) {
    const uint64_t fd = args.a[0];
    runtime::OpenFile* file = instance.fds.get(fd);
    if (file == nullptr) return -EBADF;
    constexpr int kSettable = O_APPEND | O_NONBLOCK;
    switch (args.a[1]) {
    case F_GETFD:
        return instance.fds.cloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        instance.fds.set_cloexec(fd, (args.a[2] & FD_CLOEXEC) != 0);
        return 0;
    case F_GETFL:
        return file->flags;
    case F_SETFL:
        file->flags = (file->flags & ~kSettable) | (static_cast<int>(args.a[2]) & kSettable);
        return 0;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (args.a[2] >= runtime::kMaxFds) return -EINVAL;
        return instance.fds.allocate(instance.fds.share(fd), args.a[2],
                                     args.a[1] == F_DUPFD_CLOEXEC);
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        return record_lock(instance, *file, args.a[1], args.a[2]);
    default:
        return -EINVAL;
    }
}

} // namespace zvm::syscalls
