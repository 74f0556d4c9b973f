// The syscall dispatcher: one table indexed by Linux call number (docs/syscalls.md).
// Every handler returns the result for %rax: a value >= 0, or -errno. Unknown numbers
// get -ENOSYS.
#pragma once

#include "runtime/instance.h"
#include "runtime/trampoline.h"

#include <cstdint>

namespace zvm::syscalls {

// A call as the sandbox made it: the number from %rax, the arguments from
// %rdi %rsi %rdx %r10 %r8 %r9.
struct Args {
    uint64_t nr = 0;
    uint64_t a[6] = {};
};

using Handler = int64_t (*)(runtime::Instance& instance, const Args& args);

// Runs the handler for args.nr.
int64_t dispatch(runtime::Instance& instance, const Args& args);

// The trampoline's dispatcher: reads the call from the saved registers.
int64_t dispatch_from_context(runtime::SandboxContext* ctx);

} // namespace zvm::syscalls
