// What stat, fstat, newfstatat and statx report for a node of the image or a channel.
// Image files belong to uid/gid 0 (the sandbox's identity), carry their tar mode and
// mtime (as atime, mtime and ctime), device 1 and inode numbers in tar order. A channel
// reports its host file's type and size (a regular file or a character device) and the
// access its limits give.
#pragma once

#include "runtime/instance.h"

#include <sys/stat.h>

namespace zvm::syscalls {

inline constexpr dev_t kImageDev = 1;

inline struct stat stat_of(const runtime::Instance& instance, const runtime::image::Node* node) {
    using Type = runtime::image::Node::Type;
    struct stat st {};
    st.st_dev = kImageDev;
    st.st_ino = node->ino;
    st.st_nlink = node->nlink;
    st.st_blksize = 4096;
    st.st_atim.tv_sec = st.st_mtim.tv_sec = st.st_ctim.tv_sec = node->mtime;
    switch (node->type) {
    case Type::kDirectory:
        st.st_mode = S_IFDIR | node->mode;
        st.st_size = 4096;
        break;
    case Type::kFile:
        st.st_mode = S_IFREG | node->mode;
        st.st_size = static_cast<off_t>(node->data.size());
        break;
    case Type::kSymlink:
        st.st_mode = S_IFLNK | 0777;
        st.st_size = static_cast<off_t>(node->target.size());
        break;
    case Type::kDevice: {
        const runtime::Channel& ch = runtime::channel_of(instance, *node);
        struct stat host {};
        const bool regular = ch.host_stat(&host) && S_ISREG(host.st_mode);
        st.st_mode =
            (regular ? S_IFREG : S_IFCHR) | (ch.readable() ? 0444 : 0) | (ch.writable() ? 0222 : 0);
        st.st_size = regular ? host.st_size : 0;
        break;
    }
    }
    st.st_blocks = (st.st_size + 511) / 512;
    return st;
}

inline struct statx statx_of(const runtime::Instance& instance, const runtime::image::Node* node) {
    const struct stat st = stat_of(instance, node);
    struct statx sx {};
    sx.stx_mask = STATX_BASIC_STATS;
    sx.stx_blksize = static_cast<uint32_t>(st.st_blksize);
    sx.stx_nlink = static_cast<uint32_t>(st.st_nlink);
    sx.stx_mode = static_cast<uint16_t>(st.st_mode);
    sx.stx_ino = st.st_ino;
    sx.stx_size = static_cast<uint64_t>(st.st_size);
    sx.stx_blocks = static_cast<uint64_t>(st.st_blocks);
    sx.stx_atime.tv_sec = sx.stx_mtime.tv_sec = sx.stx_ctime.tv_sec = st.st_mtim.tv_sec;
    sx.stx_dev_major = 0;
    sx.stx_dev_minor = kImageDev;
    return sx;
}

} // namespace zvm::syscalls
