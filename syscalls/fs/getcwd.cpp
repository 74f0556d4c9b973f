// getcwd(buf, size): the working directory's absolute path in the image; returns its
// length with the NUL, as the Linux call does. Too small a buffer -ERANGE.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_getcwd(runtime::Instance& instance, const Args& args) {
    const std::string path = instance.fs->path_of(instance.cwd);
    if (args.a[1] < path.size() + 1) return -ERANGE;
    std::byte* buf = writable(instance, args.a[0], path.size() + 1);
    if (buf == nullptr) return -EFAULT;
    std::memcpy(buf, path.c_str(), path.size() + 1);
    return static_cast<int64_t>(path.size() + 1);
}

} // namespace zvm::syscalls
