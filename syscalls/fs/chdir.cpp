// chdir(path): makes a directory of the image the working directory.
#include "syscalls/fs/lookup.h"
#include "syscalls/fs/path_arg.h"
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_chdir(runtime::Instance& instance, const Args& args) {
    std::string path;
    if (const int64_t err = read_path(instance, args.a[0], &path)) return err;
    const runtime::image::Node* node = nullptr;
    if (const int64_t err =
            lookup_at(instance, static_cast<uint64_t>(AT_FDCWD), path, true, false, &node))
        return err;
    if (!node->is_dir()) return -ENOTDIR;
    instance.cwd = node;
    return 0;
}

} // namespace zvm::syscalls
