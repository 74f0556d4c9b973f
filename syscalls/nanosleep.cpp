// nanosleep(req, rem): returns at once and moves the virtual clock forward by the
// requested time (deterministic; no host time passes).
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <cstdint>
#include <ctime>

namespace zvm::syscalls {

int64_t sys_nanosleep(runtime::Instance& instance, const Args& args) {
    timespec req;
    if (!copy_in(instance, args.a[0], &req)) return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000) return -EINVAL;
    // Saturating: a sleep too long for 64 bits of nanoseconds stops the clock at its end.
    uint64_t ns;
    if (__builtin_mul_overflow(static_cast<uint64_t>(req.tv_sec), uint64_t{1000000000}, &ns) ||
        __builtin_add_overflow(ns, static_cast<uint64_t>(req.tv_nsec), &ns))
        ns = UINT64_MAX;
    instance.clock.advance(ns);
    return 0;
}

} // namespace zvm::syscalls
