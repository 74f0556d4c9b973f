// openat(dirfd, path, flags, mode): opens a file or directory of the read-only image or a
// channel by its alias. Linux's answers: -EROFS for write access, O_TRUNC, or O_CREAT of
// a missing name in an existing directory; -EEXIST for O_CREAT|O_EXCL on an existing name;
// -EISDIR for write access to a directory; -ENOTDIR for O_DIRECTORY on a non-directory;
// -ELOOP for O_NOFOLLOW on a symbolic link; -EACCES for a channel direction its limits
// do not allow; -EMFILE when every descriptor is taken.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/handlers.h"

#include <cerrno>
#include <fcntl.h>

namespace zvm::syscalls {
namespace {

using runtime::image::Node;

// For O_CREAT of a missing name: -EROFS when its directory exists, else that lookup's error.
int64_t create_error(const runtime::Instance& instance, uint64_t dirfd, const std::string& path) {
    std::string dir = path;
    while (!dir.empty() && dir.back() == '/')
        dir.pop_back();
    const size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
    const Node* node = nullptr;
    if (const int64_t err = lookup_at(instance, dirfd, dir, true, false, &node)) return err;
    return node->is_dir() ? -EROFS : -ENOTDIR;
}

} // namespace

int64_t sys_openat(runtime::Instance& instance, const Args& args) {
    const uint64_t dirfd = args.a[0];
    const int flags = static_cast<int>(args.a[2]);
    const int access = flags & O_ACCMODE;
    if (access == O_ACCMODE) return -EINVAL;
    if (instance.fds.full()) return -EMFILE;
    std::string path;
    if (const int64_t err = read_path(instance, args.a[1], &path)) return err;

    const Node* node = nullptr;
    const bool follow = !(flags & O_NOFOLLOW);
    if (const int64_t err = lookup_at(instance, dirfd, path, follow, false, &node)) {
        if (err == -ENOENT && (flags & O_CREAT) && !path.empty() && path.back() != '/')
            return create_error(instance, dirfd, path);
        return err;
    }
    if ((flags & O_CREAT) && (flags & O_EXCL)) return -EEXIST;

    auto file = std::make_shared<runtime::OpenFile>();
    file->node = node;
    file->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    switch (node->type) {
    case Node::Type::kSymlink:
        return -ELOOP; // only reached with O_NOFOLLOW
    case Node::Type::kDirectory:
        if (access != O_RDONLY || (flags & O_CREAT)) return -EISDIR;
        file->kind = runtime::OpenFile::Kind::kDirectory;
        break;
    case Node::Type::kFile:
        if (flags & O_DIRECTORY) return -ENOTDIR;
        if (access != O_RDONLY || (flags & O_TRUNC)) return -EROFS;
        file->kind = runtime::OpenFile::Kind::kFile;
        break;
    case Node::Type::kDevice: {
        if (flags & O_DIRECTORY) return -ENOTDIR;
        runtime::Channel* channel = instance.channels[node->channel].get();
        if ((access != O_WRONLY && !channel->readable()) ||
            (access != O_RDONLY && !channel->writable()))
            return -EACCES;
        file->kind = runtime::OpenFile::Kind::kChannel;
        file->channel = channel;
        break;
    }
    }
    return instance.fds.allocate(std::move(file), 0, (flags & O_CLOEXEC) != 0);
}

} // namespace zvm::syscalls
