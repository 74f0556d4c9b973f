// The state of the one running instance that the syscall handlers work on: its memory
// map and its virtual resources. The runtime creates it; the trampoline's context points
// at it (SandboxContext::instance) so the dispatcher reaches it without a global.
#pragma once

#include "runtime/channels/channel.h"
#include "runtime/counters.h"
#include "runtime/fd_table.h"
#include "runtime/image/image_fs.h"
#include "runtime/random.h"
#include "runtime/sandbox_memory.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zvm::runtime {

// The virtual clock: starts at a fixed time and moves forward by a fixed step on every
// call that reads it, so runs are reproducible (as ZeroVM's was).
// It stops at kMaxElapsedNs (about 554 years on), where the realtime reading
// (kEpochNs + elapsed) is the largest a uint64_t holds: it never wraps or goes back.
struct VirtualClock {
    static constexpr uint64_t kEpochNs = 1577836800ULL * 1000000000ULL; // 2020-01-01 UTC
    static constexpr uint64_t kStepNs = 1000;                           // 1 µs per reading
    static constexpr uint64_t kMaxElapsedNs = UINT64_MAX - kEpochNs;
    uint64_t elapsed_ns = 0;
    // Moves the clock forward by `ns` (saturating); returns the new reading.
    uint64_t advance(uint64_t ns) {
        elapsed_ns = ns > kMaxElapsedNs - elapsed_ns ? kMaxElapsedNs : elapsed_ns + ns;
        return elapsed_ns;
    }
    uint64_t tick() { return advance(kStepNs); }
};

// The zvm_snapshot call of a served program (syscalls/zvm_snapshot.cpp): the buffer for
// each request's arguments.
struct SnapshotCall {
    uint64_t buffer = 0;
    uint64_t size = 0;
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

    IoCounters io; // the report's I/O accounting and the output quota (runtime/counters.h)

    // The read-only filesystem (the image, with the channels' aliases mounted on it), the
    // channels (0-2: stdin, stdout, stderr) and the descriptor table (runtime/io_setup.h).
    std::unique_ptr<image::ImageFs> fs;
    std::vector<std::unique_ptr<Channel>> channels;
    const image::Node* cwd = nullptr; // the working directory
    FdTable fds;
    // Exec mode only (zvm exec, runtime/exec_command.h): the host descriptor of the host's
    // working directory (runtime/channels/cwd_file.h, kHostCwdFd), opened before entry;
    // -1 otherwise (no host file is opened after entry).
    int host_cwd_fd = -1;

    // Serving (runtime/serve/worker.h): zvm_snapshot takes a snapshot only in a worker;
    // the call that asked for it; whether the snapshot exists (a second call fails).
    bool serving = false;
    std::optional<SnapshotCall> snapshot_call;
    bool snapshot_taken = false;

    // Why the instance was ended by the runtime itself (syscalls::end_on_host_failure): a
    // host call on the sandbox's behalf failed, e.g. an mprotect that Linux applied to only
    // part of its range. Empty otherwise.
    std::string host_failure;

    // An empty image and the host's stdio as fds 0-2.
    Instance();
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
};

// The channel of a device node: one of the instance's channels, or the one a file of the
// working directory owns (exec mode).
inline const Channel& channel_of(const Instance& instance, const image::Node& node) {
    return node.own_channel != nullptr ? *node.own_channel : *instance.channels[node.channel];
}

} // namespace zvm::runtime
