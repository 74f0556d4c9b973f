// A serving worker: one process that holds one zapp loaded, validated and mapped, and
// answers requests from `zvm serve` (runtime/serve/serve_command.h) over the socket `fd`
// with the frames of runtime/serve/protocol.h.
//
// Start-up: read the zapp, validate and load it, install the fault handlers and the
// seccomp filter; then take the pristine snapshot (runtime/serve/memory_snapshot.h plus
// the runtime's state: descriptors, heap bounds, clock, random source, counters) either
// at the entry point or, for a zapp served with `snapshot`, where the program calls
// zvm_snapshot (syscalls/include/zvm/serve.h) after its own start-up. Then kReady.
//
// Each request runs as a fresh instance of that snapshot: stdin, stdout and stderr are
// the request's (runtime/serve/memory_channel.h), the arguments and environment are the
// request's, the session timeout and output quota apply. After the reply the worker
// restores every writable page and all runtime state to the snapshot, so nothing of one
// request is visible to the next. A worker whose reset fails exits; the server starts
// another.
#pragma once

#include <cstdint>
#include <string>

namespace zvm::runtime::serve {

struct WorkerOptions {
    std::string name;                  // the app's name (argv[0] of each request)
    std::string zapp;                  // its zapp or nexe
    int fd = -1;                       // the socket to the server
    int held_state_fd = -1;            // the page shared with the server (held_state.h)
    bool snapshot_call = false;        // snapshot at zvm_snapshot, not at the entry point
    double timeout = 0;                // per request, seconds (0: the zapp's own, or none)
    uint64_t memory = 0;               // memory limit (0: the zapp's own, or zvm run's default)
    uint64_t max_output = 64ULL << 20; // bytes of stdout + stderr per request
};

// Runs the worker until the server closes the socket (returns 0) or something fails
// (returns zvm run's exit status for it, after a kReady with the reason when start-up
// failed).
int worker_main(const WorkerOptions& options);

} // namespace zvm::runtime::serve
