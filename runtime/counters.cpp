#include "runtime/counters.h"

#include "runtime/faults.h"
#include "runtime/instance.h"
#include "syscalls/dispatch.h"
#include "syscalls/iovec.h"

#include <cerrno>
#include <sys/syscall.h>

namespace zvm::runtime {
namespace {

enum class Kind { kOther, kRead, kWrite, kWriteVector };

Kind kind_of(uint64_t nr) {
    switch (nr) {
    case SYS_read:
    case SYS_readv:
    case SYS_pread64:
    case SYS_preadv:
    case SYS_preadv2:
        return Kind::kRead;
    case SYS_write:
    case SYS_pwrite64:
        return Kind::kWrite;
    case SYS_writev:
    case SYS_pwritev:
    case SYS_pwritev2:
        return Kind::kWriteVector;
    default:
        return Kind::kOther;
    }
}

// The quota check before a write-family call: 0 to go on (args.a[2] possibly cut), or
// -EDQUOT / another -errno to return at once.
int64_t check_quota(const Instance& instance, IoCounters& io, Kind kind, syscalls::Args& args) {
    const uint64_t left =
        io.bytes_written < io.max_output ? io.max_output - io.bytes_written : uint64_t{0};
    uint64_t want = args.a[2];
    if (kind == Kind::kWriteVector) {
        std::vector<iovec> iov;
        // Reads the sandbox's iovec array with the handlers' own checks (the sandbox is
        // stopped meanwhile: the handler reads the same array); a bad one is left for the
        // handler to refuse (-EFAULT, -EINVAL).
        if (syscalls::load_iovecs(instance, args.a[1], args.a[2], kProtRead, &iov) != 0) return 0;
        want = 0;
        for (const iovec& v : iov)
            want += v.iov_len;
        if (want > left) {
            io.quota_exceeded = true;
            return -EDQUOT;
        }
        return 0;
    }
    if (want == 0) return 0;
    if (left == 0) {
        io.quota_exceeded = true;
        return -EDQUOT;
    }
    if (want > left) args.a[2] = left;
    return 0;
}

} // namespace

int64_t count_and_dispatch(SandboxContext* ctx) {
    auto& instance = *static_cast<Instance*>(ctx->instance);
    IoCounters& io = instance.io;
    syscalls::Args args{ctx->gpr[kRax],
                        {ctx->gpr[kRdi], ctx->gpr[kRsi], ctx->gpr[kRdx], ctx->gpr[kR10],
                         ctx->gpr[kR8], ctx->gpr[kR9]}};
    const Kind kind = kind_of(args.nr);
    int64_t result = 0;
    if (kind == Kind::kWrite || kind == Kind::kWriteVector)
        result = io.max_output == UINT64_MAX ? 0 : check_quota(instance, io, kind, args);
    if (result == 0) result = syscalls::dispatch(instance, args);
    if (result == -EDQUOT && kind != Kind::kOther) io.quota_exceeded = true; // channel limits
    if (result >= 0) {
        const auto n = static_cast<uint64_t>(result);
        if (kind == Kind::kRead) {
            ++io.reads;
            io.bytes_read += n;
        } else if (kind != Kind::kOther) {
            ++io.writes;
            io.bytes_written += n;
        }
    }
    end_instance_if_timed_out();
    return result;
}

} // namespace zvm::runtime
