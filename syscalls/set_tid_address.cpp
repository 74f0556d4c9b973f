// set_tid_address(tidptr): one thread, thread id 1; the pointer is not kept (nothing
// ever clears it: the instance ends with its only thread).
#include "syscalls/handlers.h"

namespace zvm::syscalls {

int64_t sys_set_tid_address(runtime::Instance&, const Args&) {
    return 1;
}

} // namespace zvm::syscalls
