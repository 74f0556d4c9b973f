// sched_yield(): one thread, nothing to yield to.
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_sched_yield(runtime::Instance&, const Args&) {
    return 0;
}

} // namespace zvm::syscalls
