#include "syscalls/dispatch.h"

#include "syscalls/handlers.h"

#include <array>
#include <cerrno>
#include <sys/syscall.h>

namespace zvm::syscalls {
namespace {

// Linux x86-64 numbers go up to about 460; anything at or above this is unknown.
constexpr uint64_t kTableSize = 512;

constexpr std::array<Handler, kTableSize> make_table() {
    std::array<Handler, kTableSize> t{};
    t[SYS_write] = sys_write;
    t[SYS_exit] = sys_exit;
    t[SYS_exit_group] = sys_exit_group;
    return t;
}

constexpr std::array<Handler, kTableSize> kTable = make_table();

} // namespace

int64_t dispatch(runtime::Instance& instance, const Args& args) {
    if (args.nr >= kTableSize || kTable[args.nr] == nullptr) return -ENOSYS;
    return kTable[args.nr](instance, args);
}

int64_t dispatch_from_context(runtime::SandboxContext* ctx) {
    using namespace runtime;
    const Args args{ctx->gpr[kRax],
                    {ctx->gpr[kRdi], ctx->gpr[kRsi], ctx->gpr[kRdx], ctx->gpr[kR10], ctx->gpr[kR8],
                     ctx->gpr[kR9]}};
    return dispatch(*static_cast<Instance*>(ctx->instance), args);
}

} // namespace zvm::syscalls
