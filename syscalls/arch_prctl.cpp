// arch_prctl(code, addr): ARCH_SET_FS stores the thread pointer in the sandbox's slot
// ZVM_TP_SLOT (the rewritten `mov %fs:0, %reg` reads it); ARCH_GET_FS reads it back.
// The slot's page is read-only for the sandbox: the runtime writes it through its own view
// (SandboxMemory::map_tp_page). Anything else is -EINVAL.
#include "syscalls/handlers.h"
#include "syscalls/sandbox_ptr.h"

#include <asm/prctl.h>
#include <cerrno>
#include <cstring>

namespace zvm::syscalls {

int64_t sys_arch_prctl(runtime::Instance& instance, const Args& args) {
    uint8_t* const slot = instance.memory->runtime_view(ZVM_TP_SLOT);
    if (!slot) return -EFAULT; // no thread-pointer page: the loader maps one
    switch (args.a[0]) {
    case ARCH_SET_FS:
        std::memcpy(slot, &args.a[1], sizeof args.a[1]);
        return 0;
    case ARCH_GET_FS: {
        uint64_t value;
        std::memcpy(&value, slot, sizeof value);
        return copy_out(instance, args.a[1], value) ? 0 : -EFAULT;
    }
    default:
        return -EINVAL;
    }
}

} // namespace zvm::syscalls
