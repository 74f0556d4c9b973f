// Accounting of the sandbox's I/O and the output quota, in one place: the runtime's
// dispatcher (count_and_dispatch) wraps the syscall table, so no handler counts for
// itself. The counts feed the report's accounting line (runtime/report.h).
#pragma once

#include "runtime/trampoline.h"

#include <cstdint>

namespace zvm::runtime {

struct IoCounters {
    // Successful calls of the read family (read, readv, pread64, preadv, preadv2) and the
    // bytes they returned; the same for the write family (write, writev, pwrite64,
    // pwritev, pwritev2). Every channel counts as local until network channels exist.
    uint64_t reads = 0;
    uint64_t bytes_read = 0;
    uint64_t writes = 0;
    uint64_t bytes_written = 0;

    // The output quota (zvm run --max-output): bytes the write family may write in all.
    // A write that would pass it is cut to what is left; with nothing left, -EDQUOT
    // (writev/pwritev: -EDQUOT when the whole vector does not fit).
    uint64_t max_output = UINT64_MAX;
    // Some read or write got -EDQUOT: from this quota or a channel's limits (gets,
    // getsize, puts, putsize).
    bool quota_exceeded = false;
};

// The trampoline's dispatcher for `zvm run`: enforces the output quota, runs the
// handler (syscalls::dispatch), counts the I/O in the instance's IoCounters, and ends the
// instance when the session timeout expired meanwhile (faults.h).
int64_t count_and_dispatch(SandboxContext* ctx);

} // namespace zvm::runtime
