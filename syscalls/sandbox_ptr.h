// Checking the pointers a call hands the runtime, in one place. A sandbox pointer is
// valid when [addr, addr + len) lies inside [0, 4 GiB) on pages the sandbox may read
// (for data the runtime reads) or write (for data the runtime writes); otherwise the call
// fails with -EFAULT. Never a host fault: the check is done before any access.
#pragma once

#include "runtime/instance.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace zvm::syscalls {

// The sandbox is based at address zero of this process, so a checked sandbox address is
// also the host address of the same bytes: the casts below are sound because the range
// was just found mapped with the needed permission, and nothing unmaps it while the
// handler runs (one thread; the sandbox is stopped in the trampoline).
inline const std::byte* readable(const runtime::Instance& instance, uint64_t addr, uint64_t len) {
    if (!instance.memory->accessible(addr, len, runtime::kProtRead)) return nullptr;
    return reinterpret_cast<const std::byte*>(addr);
}

inline std::byte* writable(const runtime::Instance& instance, uint64_t addr, uint64_t len) {
    if (!instance.memory->accessible(addr, len, runtime::kProtWrite)) return nullptr;
    return reinterpret_cast<std::byte*>(addr);
}

// Copies a T out of / into sandbox memory; false when the pointer is bad (-EFAULT).
template <typename T> bool copy_in(const runtime::Instance& instance, uint64_t addr, T* out) {
    const std::byte* p = readable(instance, addr, sizeof(T));
    if (p == nullptr) return false;
    std::memcpy(out, p, sizeof(T));
    return true;
}

template <typename T>
bool copy_out(const runtime::Instance& instance, uint64_t addr, const T& value) {
    std::byte* p = writable(instance, addr, sizeof(T));
    if (p == nullptr) return false;
    std::memcpy(p, &value, sizeof(T));
    return true;
}

} // namespace zvm::syscalls
