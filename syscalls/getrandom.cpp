// getrandom(buf, len, flags): bytes of the instance's seeded deterministic source
// (zvm run --seed). Never blocks; at most 32 MiB - 1 per call, as on Linux.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <cerrno>
#include <sys/random.h>

namespace zvm::syscalls {

int64_t sys_getrandom(runtime::Instance& instance, const Args& args) {
    if (args.a[2] & ~uint64_t{GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE}) return -EINVAL;
    const uint64_t len = args.a[1] < 33554431 ? args.a[1] : 33554431;
    if (len == 0) return 0;
    std::byte* buf = writable(instance, args.a[0], len);
    if (buf == nullptr) return -EFAULT;
    instance.random.fill(buf, len);
    return static_cast<int64_t>(len);
}

} // namespace zvm::syscalls
