// The sandbox receives no signals (faults end the instance), so signal dispositions and
// masks are bookkeeping only. Linux's kernel sigset is 8 bytes.
#pragma once

#include <cstdint>

namespace zvm::syscalls {

inline constexpr uint64_t kKernelSigsetSize = 8;

} // namespace zvm::syscalls
