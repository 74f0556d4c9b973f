// openat(dirfd, path, flags, mode): opens a file or directory of the read-only image or a
// channel by its alias. Linux's answers: -EROFS for write access, O_TRUNC, or O_CREAT of
// a missing name in an existing directory; -EEXIST for O_CREAT|O_EXCL on an existing name;
// -EISDIR for write access to a directory; -ENOTDIR for O_DIRECTORY on a non-directory;
// -ELOOP for O_NOFOLLOW on a symbolic link; -EACCES for a channel direction its limits
// do not allow; -EMFILE when every descriptor is taken.
//
// Exec mode (zvm exec, docs/syscalls.md): a plain name relative to the working directory
// (AT_FDCWD, working directory the image's root, one component) is a regular file of the
// host's working directory instead (runtime/channels/cwd_file.h); every other path is
// looked up in the (empty) image as above.
#include "runtime/channels/cwd_file.h"
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

// Exec mode: whether (dirfd, path) names a file of the host's working directory.
bool names_cwd_file(const runtime::Instance& instance, uint64_t dirfd, const std::string& path) {
    return instance.host_cwd_fd >= 0 && static_cast<int32_t>(dirfd) == AT_FDCWD &&
           instance.cwd == instance.fs->root() && runtime::is_cwd_file_name(path);
}

// Opens it as an open file that owns its channel and a device node outside the tree.
int64_t open_cwd_file(runtime::Instance& instance, const std::string& path, int flags,
                      uint64_t mode) {
    int err = 0;
    std::unique_ptr<runtime::Channel> channel =
        runtime::open_cwd_file(instance.host_cwd_fd, path, flags, static_cast<mode_t>(mode), &err);
    if (!channel) return err;
    auto file = std::make_shared<runtime::OpenFile>();
    file->own_channel = std::move(channel);
    file->own_node = std::make_shared<Node>();
    file->own_node->type = Node::Type::kDevice;
    file->own_node->mode = 0666;
    file->own_node->own_channel = file->own_channel.get();
    file->kind = runtime::OpenFile::Kind::kChannel;
    file->node = file->own_node.get();
    file->channel = file->own_channel.get();
    file->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    return instance.fds.allocate(std::move(file), 0, (flags & O_CLOEXEC) != 0);
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
    if (names_cwd_file(instance, dirfd, path))
        return open_cwd_file(instance, path, flags, args.a[3]);

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
