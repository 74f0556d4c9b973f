// newfstatat(dirfd, path, buf, flags): the status of a path (AT_SYMLINK_NOFOLLOW: of the
// link itself; AT_EMPTY_PATH with "": of dirfd). Other flags -EINVAL.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/fs/stat_info.h"
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_newfstatat(runtime::Instance& instance, const Args& args) {
    const uint64_t flags = args.a[3];
    if (flags & ~uint64_t{AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT}) return -EINVAL;
    const runtime::image::Node* node = nullptr;
    if (const int64_t err = lookup_path_arg(instance, args.a[0], args.a[1], flags, &node))
        return err;
    return copy_out(instance, args.a[2], stat_of(instance, node)) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
