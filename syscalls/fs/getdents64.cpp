// getdents64(fd, dirp, count): the entries of an open directory as linux_dirent64 records:
// ".", "..", then the names in byte order. The directory offset is the entry index
// (lseek(fd, 0, SEEK_SET) starts over). A buffer too small for the next record is
// -EINVAL; 0 at the end.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <dirent.h>
#include <iterator>

namespace zvm::syscalls {
namespace {

using runtime::image::Node;

unsigned char dirent_type(const Node* node) {
    switch (node->type) {
    case Node::Type::kDirectory:
        return DT_DIR;
    case Node::Type::kFile:
        return DT_REG;
    case Node::Type::kSymlink:
        return DT_LNK;
    case Node::Type::kDevice:
        return DT_CHR;
    }
    return DT_UNKNOWN;
}

} // namespace

int64_t sys_getdents64(runtime::Instance& instance, const Args& args) {
    runtime::OpenFile* file = instance.fds.get(args.a[0]);
    if (file == nullptr) return -EBADF;
    if (file->kind != runtime::OpenFile::Kind::kDirectory) return -ENOTDIR;
    const uint64_t count = std::min<uint64_t>(args.a[2], 1u << 30);
    std::byte* out = writable(instance, args.a[1], count);
    if (out == nullptr) return -EFAULT;
    const Node* dir = file->node;
    const uint64_t total = 2 + dir->children.size();
    auto child = dir->children.begin();
    if (file->offset > 2) std::advance(child, std::min<uint64_t>(file->offset - 2, total - 2));
    uint64_t written = 0;
    while (file->offset < total) {
        const std::string* name;
        const Node* node;
        static const std::string kDot = ".", kDotDot = "..";
        if (file->offset == 0) {
            name = &kDot;
            node = dir;
        } else if (file->offset == 1) {
            name = &kDotDot;
            node = dir->parent;
        } else {
            name = &child->first;
            node = child->second;
        }
        const uint64_t reclen = (offsetof(dirent64, d_name) + name->size() + 1 + 7) & ~uint64_t{7};
        if (reclen > count - written) {
            if (written == 0) return -EINVAL;
            break;
        }
        std::byte* rec = out + written;
        const uint64_t ino = node->ino;
        const int64_t next = static_cast<int64_t>(file->offset + 1);
        const auto len16 = static_cast<uint16_t>(reclen);
        const unsigned char type = dirent_type(node);
        std::memset(rec, 0, reclen);
        std::memcpy(rec + offsetof(dirent64, d_ino), &ino, sizeof ino);
        std::memcpy(rec + offsetof(dirent64, d_off), &next, sizeof next);
        std::memcpy(rec + offsetof(dirent64, d_reclen), &len16, sizeof len16);
        std::memcpy(rec + offsetof(dirent64, d_type), &type, sizeof type);
        std::memcpy(rec + offsetof(dirent64, d_name), name->data(), name->size());
        written += reclen;
        if (file->offset >= 2) ++child;
        ++file->offset;
    }
    return static_cast<int64_t>(written);
}

} // namespace zvm::syscalls
