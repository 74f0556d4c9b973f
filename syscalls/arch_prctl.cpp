// arch_prctl(code, addr): ARCH_SET_FS stores the thread pointer in the sandbox's slot
// ZVM_TP_SLOT (the rewritten `mov %fs:0, %reg` reads it); ARCH_GET_FS reads it back.
// The slot's page is read-only for the sandbox: the runtime opens it for writing for the
// one store (SET_FS is rare: once per thread start). Anything else is -EINVAL.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <asm/prctl.h>
#include <cerrno>
#include <cstring>
#include <string>

namespace zvm::syscalls {

int64_t sys_arch_prctl(runtime::Instance& instance, const Args& args) {
    uint64_t* const slot = reinterpret_cast<uint64_t*>(ZVM_TP_SLOT); // see below
    switch (args.a[0]) {
    case ARCH_SET_FS: {
        std::string error;
        if (!instance.memory->protect(ZVM_TP_SLOT, runtime::kPageSize,
                                      runtime::kProtRead | runtime::kProtWrite, &error))
            return -EFAULT;
        // Sound: the loader mapped the slot's page and it was just made writable; the
        // sandbox is stopped in the trampoline while this runs.
        *slot = args.a[1];
        if (!instance.memory->protect(ZVM_TP_SLOT, runtime::kPageSize, runtime::kProtRead, &error))
            return -EFAULT;
        return 0;
    }
    case ARCH_GET_FS:
        // Reading the slot's mapped page (readable) is sound for the same reason.
        return copy_out(instance, args.a[1], *slot) ? 0 : -EFAULT;
    default:
        return -EINVAL;
    }
}

} // namespace zvm::syscalls
