// faccessat2(dirfd, path, mode, flags): F_OK, R_OK, W_OK, X_OK as for uid 0: image nodes
// are readable, never writable (-EROFS), executable when a permission bit says so (or a
// directory); a channel is readable or writable as its limits say (-EACCES). Flags
// AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH; others -EINVAL.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/handlers.h"

#include <unistd.h>

namespace zvm::syscalls {

int64_t sys_faccessat2(runtime::Instance& instance, const Args& args) {
    using runtime::image::Node;
    const uint64_t mode = args.a[2];
    const uint64_t flags = args.a[3];
    if (mode & ~uint64_t{R_OK | W_OK | X_OK}) return -EINVAL;
    if (flags & ~uint64_t{AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH}) return -EINVAL;
    const Node* node = nullptr;
    if (const int64_t err = lookup_path_arg(instance, args.a[0], args.a[1], flags, &node))
        return err;
    if (node->type == Node::Type::kDevice) {
        const runtime::Channel& ch = runtime::channel_of(instance, *node);
        if (((mode & R_OK) && !ch.readable()) || ((mode & W_OK) && !ch.writable()) || (mode & X_OK))
            return -EACCES;
        return 0;
    }
    if (mode & W_OK) return -EROFS;
    if ((mode & X_OK) && !node->is_dir() && !(node->mode & 0111)) return -EACCES;
    return 0;
}

} // namespace zvm::syscalls
