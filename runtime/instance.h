// The state of the one running instance that the syscall handlers work on: its memory
// map and its virtual resources. The runtime creates it; the trampoline's context points
// at it (SandboxContext::instance) so the dispatcher reaches it without a global.
#pragma once

#include "runtime/random.h"
#include "runtime/sandbox_memory.h"

#include <array>
#include <cstdint>

namespace zvm::runtime {

// The sandbox's file descriptors: each names a channel. For now the only channels are
// the host's stdin, stdout and stderr.
enum class Channel : int8_t { kClosed = -1, kStdin = 0, kStdout = 1, kStderr = 2 };
inline constexpr int kMaxFds = 64;

// The virtual clock: starts at a fixed time and moves forward by a fixed step on every
// call that reads it, so runs are reproducible (as ZeroVM's was).
struct VirtualClock {
    static constexpr uint64_t kEpochNs = 1577836800ULL * 1000000000ULL; // 2020-01-01 UTC
    static constexpr uint64_t kStepNs = 1000;                           // 1 µs per reading
    uint64_t elapsed_ns = 0;
    uint64_t tick() { return elapsed_ns += kStepNs; }
};

struct Instance {
    SandboxMemory* memory = nullptr;
    DeterministicRandom random;
    VirtualClock clock;

    // The memory limit: the sandbox's mapped bytes (image, stack, heap, mmap) stay below.
    uint64_t memory_limit = 1ULL << 30;
    // The heap: brk moves in [brk_start, mmap_top); mmap allocates top-down below
    // mmap_top, which lies a guard gap below the stack.
    uint64_t brk_start = 0;
    uint64_t brk = 0;
    uint64_t mmap_top = 0;
    uint64_t stack_size = 0;

    uint64_t sigmask = 0; // rt_sigprocmask's bookkeeping: no signal is ever delivered

    std::array<Channel, kMaxFds> fds = [] {
        std::array<Channel, kMaxFds> t;
        t.fill(Channel::kClosed);
        t[0] = Channel::kStdin;
        t[1] = Channel::kStdout;
        t[2] = Channel::kStderr;
        return t;
    }();

    // The channel of sandbox descriptor fd, or kClosed.
    Channel channel(uint64_t fd) const { return fd < kMaxFds ? fds[fd] : Channel::kClosed; }
};

} // namespace zvm::runtime
