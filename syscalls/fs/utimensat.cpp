// utimensat(dirfd, path, times, flags): the image (channels' aliases included) is
// read-only, so a call naming an existing node gets -EROFS. Before that, as Linux checks:
// flags other than AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH -EINVAL; an unreadable `times`
// -EFAULT; a tv_nsec outside [0, 1e9) that is not UTIME_NOW or UTIME_OMIT -EINVAL; a null
// path names dirfd itself (futimens: -EBADF when closed, -EINVAL with flags, -EFAULT with
// AT_FDCWD); then the path's lookup errors (-ENOENT, -EFAULT, -ENOTDIR, ...).
#include "syscalls/fs/lookup.h"
#include "syscalls/handlers.h"

#include <fcntl.h>
#include <sys/stat.h>

namespace zvm::syscalls {
namespace {

struct KernelTimespec {
    int64_t sec;
    int64_t nsec;
};

bool nsec_valid(int64_t nsec) {
    return (nsec >= 0 && nsec < 1000000000) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

} // namespace

int64_t sys_utimensat(runtime::Instance& instance, const Args& args) {
    const uint64_t dirfd = args.a[0];
    const uint64_t path = args.a[1];
    const uint64_t times = args.a[2];
    const uint64_t flags = args.a[3];
    if (times != 0) {
        KernelTimespec t[2]{};
        if (!copy_in(instance, times, &t)) return -EFAULT;
        if (!nsec_valid(t[0].nsec) || !nsec_valid(t[1].nsec)) return -EINVAL;
    }
    if (flags & ~uint64_t{AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH}) return -EINVAL;
    if (path == 0) {
        if (static_cast<int32_t>(dirfd) == AT_FDCWD) return -EFAULT;
        if (flags & AT_SYMLINK_NOFOLLOW) return -EINVAL;
        if (instance.fds.get(static_cast<uint32_t>(dirfd)) == nullptr) return -EBADF;
        return -EROFS;
    }
    const runtime::image::Node* node = nullptr;
    if (const int64_t err = lookup_path_arg(instance, dirfd, path, flags, &node)) return err;
    return -EROFS;
}

} // namespace zvm::syscalls
