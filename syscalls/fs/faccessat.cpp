// faccessat(dirfd, path, mode): faccessat2 without flags.
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_faccessat(runtime::Instance& instance, const Args& args) {
    return sys_faccessat2(instance, Args{args.nr, {args.a[0], args.a[1], args.a[2], 0}});
}

} // namespace zvm::syscalls
