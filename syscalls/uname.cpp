// uname(buf): a fixed identity, the same on every host.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <cstring>
#include <sys/utsname.h>

namespace zvm::syscalls {

int64_t sys_uname(runtime::Instance& instance, const Args& args) {
    utsname u{};
    std::strcpy(u.sysname, "Linux");
    std::strcpy(u.nodename, "zvm");
    std::strcpy(u.release, "6.1.0-zvm");
    std::strcpy(u.version, "#1 zvm");
    std::strcpy(u.machine, "x86_64");
    std::strcpy(u.domainname, "(none)");
    return copy_out(instance, args.a[0], u) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
