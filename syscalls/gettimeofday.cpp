// gettimeofday(tv, tz): the virtual realtime clock (see clock_gettime.cpp); tz is UTC.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <sys/time.h>

namespace zvm::syscalls {

int64_t sys_gettimeofday(runtime::Instance& instance, const Args& args) {
    const uint64_t ns = runtime::VirtualClock::kEpochNs + instance.clock.tick();
    const timeval tv{static_cast<time_t>(ns / 1000000000),
                     static_cast<suseconds_t>(ns % 1000000000 / 1000)};
    if (args.a[0] != 0 && !copy_out(instance, args.a[0], tv)) return -EFAULT;
    const struct timezone utc {};
    if (args.a[1] != 0 && !copy_out(instance, args.a[1], utc)) return -EFAULT;
    return 0;
}

} // namespace zvm::syscalls
