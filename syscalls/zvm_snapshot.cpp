// zvm_snapshot(buf, size), call number ZVM_SYS_snapshot (syscalls/include/zvm/serve.h):
// the end of a served program's start-up. Under `zvm run` it does nothing and returns 0.
// In a serving worker (runtime/serve/worker.h) it ends the start-up run: the worker
// takes its snapshot at this call and answers every request by resuming here, with the
// request's arguments written into buf (the worker checks buf for each request). A second
// call (in a request) gets -EALREADY.
#include "syscalls/handlers.h"

#include <cerrno>

namespace zvm::syscalls {

int64_t sys_zvm_snapshot(runtime::Instance& instance, const Args& args) {
    if (!instance.serving) return 0;
    if (instance.snapshot_taken || instance.snapshot_call) return -EALREADY;
    instance.snapshot_call = runtime::SnapshotCall{args.a[0], args.a[1]};
    // Nothing on this stack needs destruction: zvm_exit_sandbox abandons it.
    zvm_exit_sandbox(0);
}

} // namespace zvm::syscalls
