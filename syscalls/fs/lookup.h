// Resolving the (dirfd, path) pair of the *at calls against the image: AT_FDCWD is the
// working directory, another dirfd must be an open directory (-EBADF, -ENOTDIR); an
// absolute path ignores it. With AT_EMPTY_PATH an empty path names dirfd itself.
#pragma once

#include "runtime/instance.h"
#include "syscalls/fs/path_arg.h"

#include <cerrno>
#include <fcntl.h>
#include <string>

namespace zvm::syscalls {

// The directory a relative path starts from, or -errno.
inline int64_t start_dir(const runtime::Instance& instance, uint64_t dirfd,
                         const runtime::image::Node** out) {
    if (static_cast<int32_t>(dirfd) == AT_FDCWD) {
        *out = instance.cwd;
        return 0;
    }
    const runtime::OpenFile* f = instance.fds.get(static_cast<uint32_t>(dirfd));
    if (f == nullptr) return -EBADF;
    if (f->kind != runtime::OpenFile::Kind::kDirectory) return -ENOTDIR;
    *out = f->node;
    return 0;
}

// The node (dirfd, path) names. `empty_path_ok`: AT_EMPTY_PATH given.
inline int64_t lookup_at(const runtime::Instance& instance, uint64_t dirfd, const std::string& path,
                         bool follow, bool empty_path_ok, const runtime::image::Node** out) {
    if (path.empty() && empty_path_ok) {
        if (static_cast<int32_t>(dirfd) == AT_FDCWD) {
            *out = instance.cwd;
            return 0;
        }
        const runtime::OpenFile* f = instance.fds.get(static_cast<uint32_t>(dirfd));
        if (f == nullptr) return -EBADF;
        *out = f->node;
        return 0;
    }
    if (path.empty()) return -ENOENT;
    const runtime::image::Node* start = instance.fs->root();
    if (path[0] != '/') {
        if (const int64_t err = start_dir(instance, dirfd, &start)) return err;
    }
    return instance.fs->resolve(start, path, follow, out);
}

// The node named by (dirfd, the path string at sandbox address `path_addr`), with the
// *at() flags AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH applied; the caller checks other flags.
inline int64_t lookup_path_arg(runtime::Instance& instance, uint64_t dirfd, uint64_t path_addr,
                               uint64_t at_flags, const runtime::image::Node** out) {
    std::string path;
    if (const int64_t err = read_path(instance, path_addr, &path)) return err;
    return lookup_at(instance, dirfd, path, !(at_flags & AT_SYMLINK_NOFOLLOW),
                     (at_flags & AT_EMPTY_PATH) != 0, out);
}

} // namespace zvm::syscalls
