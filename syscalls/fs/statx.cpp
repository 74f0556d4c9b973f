// statx(dirfd, path, flags, mask, buf): the basic statistics (STATX_BASIC_STATS) whatever
// the mask asks; flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT and the
// AT_STATX_SYNC_* hints; anything else, or a reserved mask bit, -EINVAL.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/fs/stat_info.h"
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_statx(runtime::Instance& instance, const Args& args) {
    const uint64_t flags = args.a[2];
    constexpr uint64_t kAllowed =
        AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
    if ((flags & ~kAllowed) || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE) return -EINVAL;
    if (args.a[3] & STATX__RESERVED) return -EINVAL;
    const runtime::image::Node* node = nullptr;
    if (const int64_t err = lookup_path_arg(instance, args.a[0], args.a[1], flags, &node))
        return err;
    return copy_out(instance, args.a[4], statx_of(instance, node)) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
