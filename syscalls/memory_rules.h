// What the sandbox may do to its own memory map on request (brk, mmap, munmap, mremap,
// mprotect, madvise), in one place:
//  - only pages in [ZVM_TEXT_START, ZVM_STACK_TOP): never the null region, trampolines or
//    thread-pointer page;
//  - never an executable page (validated text), and never execute permission: executable
//    pages come only from validated code;
//  - the sandbox's mapped bytes stay within instance.memory_limit, and so do they with the
//    pages the host keeps for reuse (stale).
#pragma once

#include "runtime/exit_status.h"
#include "runtime/instance.h"
#include "runtime/trampoline.h"
#include "syscalls/abi.h"

#include <cstdint>
#include <string>
#include <sys/mman.h>

namespace zvm::syscalls {

// A page-aligned range the sandbox may remap, unmap or re-protect.
inline bool changeable(const runtime::Instance& instance, uint64_t addr, uint64_t len) {
    return addr % runtime::kPageSize == 0 && len != 0 && addr >= ZVM_TEXT_START &&
           addr <= ZVM_STACK_TOP && len <= ZVM_STACK_TOP - addr &&
           !instance.memory->any_exec(addr, len);
}

// The sandbox's PROT_READ/PROT_WRITE bits as runtime::Prot (PROT_EXEC is refused before).
inline uint8_t data_prot(uint64_t prot) {
    uint8_t p = runtime::kProtNone;
    if (prot & (PROT_READ | PROT_WRITE)) p |= runtime::kProtRead;
    if (prot & PROT_WRITE) p |= runtime::kProtWrite;
    return p;
}

// Ends the instance when a change of the sandbox's memory failed in the host. Linux's
// mprotect and MAP_FIXED mmap can fail after changing part of their range (e.g. at
// vm.max_map_count, which the sandbox can reach by splitting its mappings), leaving the
// host's mappings and the page map in disagreement, or a hole in the reservation: nothing
// may run in the sandbox after that. `error` (moved from: the handler's stack is abandoned
// without unwinding) says what failed; the runtime reports it (exit status 125).
[[noreturn]] inline void end_on_host_failure(runtime::Instance& instance, std::string& error) {
    instance.host_failure = std::move(error);
    zvm_exit_sandbox(runtime::exit_status::kRuntimeError);
}

// Whether `more` bytes may be mapped without passing the memory limit. The memory the host
// holds for the sandbox (mapped and stale pages, SandboxMemory::unmap) stays within it
// too: when the new bytes would pass it with the stale pages, those are released first
// (a failure of that ends the instance, as above).
inline bool within_limit(runtime::Instance& instance, uint64_t more) {
    const uint64_t used = instance.memory->mapped_bytes();
    if (used > instance.memory_limit || more > instance.memory_limit - used) return false;
    if (instance.memory->stale_bytes() > instance.memory_limit - used - more) {
        std::string error;
        if (!instance.memory->release_stale(&error)) end_on_host_failure(instance, error);
    }
    return true;
}

// Page-rounded length, or 0 when it would not fit below 4 GiB.
inline uint64_t page_len(uint64_t len) {
    return len == 0 || len > ZVM_SANDBOX_SIZE ? 0 : runtime::page_ceil(len);
}

} // namespace zvm::syscalls
