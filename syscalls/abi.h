/* The sandbox ABI: the one definition of the sandbox's memory layout and of the
 * trampoline convention, shared by the toolchain (C, assembly), the validator and
 * the runtime (C++). Plain #defines so that C, C++ and preprocessed assembly can
 * all include it. See docs/sfi-model.md for why each value is what it is. */
#ifndef ZVM_SYSCALLS_ABI_H
#define ZVM_SYSCALLS_ABI_H

/* Code is cut into bundles of this many bytes (log2 in ZVM_BUNDLE_SHIFT). */
#define ZVM_BUNDLE_SHIFT 5
#define ZVM_BUNDLE_SIZE 32

/* The sandbox is [0, ZVM_SANDBOX_SIZE); the runtime reserves
 * [ZVM_RESERVE_START, ZVM_RESERVE_END) and never maps below ZVM_RESERVE_START. */
#define ZVM_SANDBOX_SIZE 0x100000000ULL /* 4 GiB */
#define ZVM_RESERVE_START 0x10000ULL    /* 64 KiB: below is the null region */
#define ZVM_RESERVE_END 0x200000000ULL  /* 8 GiB: [4 GiB, 8 GiB) is the guard */

/* Trampoline entries: entry n is at ZVM_TRAMPOLINE_BASE + n * ZVM_BUNDLE_SIZE, for
 * addresses below ZVM_TRAMPOLINE_END. Readable and executable, written by the runtime. */
#define ZVM_TRAMPOLINE_BASE 0x10000ULL
#define ZVM_TRAMPOLINE_END 0x1F000ULL
/* Entry 0 is the system-call entry (the rewritten `syscall` jumps here). */
#define ZVM_TRAMPOLINE_SYSCALL 0x10000ULL

/* The thread-pointer slot: 8 bytes the sandbox may read but not write, holding what
 * the sandbox's arch_prctl(ARCH_SET_FS) set. `mov %fs:0, %reg` is rewritten into
 * `addr32 mov ZVM_TP_SLOT, %reg`. Its page [ZVM_TRAMPOLINE_END, ZVM_TEXT_START) is
 * read-only, not executable. */
#define ZVM_TP_SLOT 0x1F000ULL

/* Nexe text starts here (the linker script puts .text at this address). */
#define ZVM_TEXT_START 0x20000ULL

/* Every PT_LOAD must lie below this; above it is the guard below 4 GiB. The initial
 * stack grows down from here. */
#define ZVM_STACK_TOP 0xFFFF0000ULL /* 4 GiB - 64 KiB */

#endif /* ZVM_SYSCALLS_ABI_H */
