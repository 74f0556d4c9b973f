// readlinkat(dirfd, path, buf, size): a symbolic link's target, not NUL-terminated, cut
// to size. Not a link -EINVAL; size <= 0 -EINVAL.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_readlinkat(runtime::Instance& instance, const Args& args) {
    const auto size = static_cast<int32_t>(args.a[3]);
    if (size <= 0) return -EINVAL;
    std::string path;
    if (const int64_t err = read_path(instance, args.a[1], &path)) return err;
    const runtime::image::Node* node = nullptr;
    if (const int64_t err = lookup_at(instance, args.a[0], path, false, false, &node)) return err;
    if (node->type != runtime::image::Node::Type::kSymlink) return -EINVAL;
    const uint64_t n = std::min<uint64_t>(node->target.size(), static_cast<uint64_t>(size));
    std::byte* buf = writable(instance, args.a[2], n);
    if (buf == nullptr) return -EFAULT;
    std::memcpy(buf, node->target.data(), n);
    return static_cast<int64_t>(n);
}

} // namespace zvm::syscalls
