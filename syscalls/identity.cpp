// The sandbox's identity: process and thread id 1, parent 0, user and group 0 (root of
// its own empty world). getuid serves geteuid, getgid and getegid too.
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_getpid(runtime::Instance&, const Args&) {
    return 1;
}
int64_t sys_getppid(runtime::Instance&, const Args&) {
    return 0;
}
int64_t sys_gettid(runtime::Instance&, const Args&) {
    return 1;
}
int64_t sys_getuid(runtime::Instance&, const Args&) {
    return 0;
}

} // namespace zvm::syscalls
