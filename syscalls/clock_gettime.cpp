// clock_gettime(clock, ts): the virtual clock (runtime::VirtualClock): every reading
// moves it forward by a fixed step. Realtime clocks count from 2020-01-01 UTC, the others
// from the instance's start.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <ctime>

namespace zvm::syscalls {

int64_t sys_clock_gettime(runtime::Instance& instance, const Args& args) {
    uint64_t base;
    switch (args.a[0]) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        base = runtime::VirtualClock::kEpochNs;
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        base = 0;
        break;
    default:
        return -EINVAL;
    }
    const uint64_t ns = base + instance.clock.tick();
    const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    return copy_out(instance, args.a[1], ts) ? 0 : -EFAULT;
}

} // namespace zvm::syscalls
