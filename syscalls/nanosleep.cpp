// nanosleep(req, rem): returns at once and moves the virtual clock forward by the
// requested time (deterministic; no host time passes).
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <ctime>

namespace zvm::syscalls {

int64_t sys_nanosleep(runtime::Instance& instance, const Args& args) {
    timespec req;
    if (!copy_in(instance, args.a[0], &req)) return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000) return -EINVAL;
    const uint64_t ns = static_cast<uint64_t>(req.tv_sec) * 1000000000 + req.tv_nsec;
    instance.clock.elapsed_ns += ns;
    return 0;
}

} // namespace zvm::syscalls
