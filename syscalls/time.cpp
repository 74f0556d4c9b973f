// time(t): seconds of the virtual realtime clock (see clock_gettime.cpp).
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_time(runtime::Instance& instance, const Args& args) {
    const auto seconds = static_cast<int64_t>(
        (runtime::VirtualClock::kEpochNs + instance.clock.tick()) / 1000000000);
    if (args.a[0] != 0 && !copy_out(instance, args.a[0], seconds)) return -EFAULT;
    return seconds;
}

} // namespace zvm::syscalls
