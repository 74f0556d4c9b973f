// The static zvm's entry point (linked with -e zvm_early_entry; runtime/CMakeLists.txt).
//
// Before glibc's _start relocates the static-pie program and initialises itself, one
// madvise per PT_LOAD segment maps that segment's pages: MADV_POPULATE_WRITE for the
// writable one (the self-relocation writes ~25 pages of .data.rel.ro and .got, and glibc's
// and the runtime's start-up touch .data and .bss), MADV_POPULATE_READ for the read-only
// and executable ones (the relocation table, .rodata and the code a run touches, spread
// over most of the text). Each page otherwise costs a page fault, about 10 us on this
// machine type (docs/design.md, "Start-up"), and a fault on a file page maps at most its
// 64 KiB neighbourhood; populating costs about 0.7 us a page written and 0.15-0.5 us a
// page read from the page cache (docs/cli.md, "Start-up trace"). A kernel without these
// advices (before Linux 5.14) answers EINVAL, ignored: the pages then fault in as before.
//
// This runs before relocation and before the thread pointer exists, so the code below uses
// nothing that needs either: the ELF header is reached PC-relatively (__ehdr_start is a
// hidden linker symbol), the system call is a raw `syscall`, no libc function is called
// and the stack protector is off for this file (CMakeLists.txt).
#include <cstdint>
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

extern "C" {
extern const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));
void zvm_early_prefault();
}

// The entry: keeps the kernel's stack pointer and %rdx (the ABI's exit function pointer)
// for glibc's _start, calls the C++ part on an aligned stack, then jumps to _start.
asm(R"(
    .text
    .globl zvm_early_entry
    .type zvm_early_entry, @function
zvm_early_entry:
    mov %rdx, %r12
    mov %rsp, %r13
    and $-16, %rsp
    call zvm_early_prefault
    mov %r13, %rsp
    mov %r12, %rdx
    jmp _start
    .size zvm_early_entry, .-zvm_early_entry
)");

namespace {

long raw_madvise(uintptr_t start, uintptr_t length, long advice) {
    long result;
    asm volatile("syscall"
                 : "=a"(result)
                 : "0"(static_cast<long>(SYS_madvise)), "D"(start), "S"(length), "d"(advice)
                 : "rcx", "r11", "memory");
    return result;
}

} // namespace

extern "C" void zvm_early_prefault() {
    // The program is position-independent and its first PT_LOAD (the ELF header) has
    // virtual address 0, so the header's address is the load bias.
    const auto base = reinterpret_cast<uintptr_t>(&__ehdr_start);
    const auto* phdr = reinterpret_cast<const ElfW(Phdr)*>(base + __ehdr_start.e_phoff);
    constexpr uintptr_t kPage = 4096;
    for (unsigned i = 0; i < __ehdr_start.e_phnum; ++i) {
        if (phdr[i].p_type != PT_LOAD) continue;
        const uintptr_t start = (base + phdr[i].p_vaddr) & ~(kPage - 1);
        const uintptr_t end = (base + phdr[i].p_vaddr + phdr[i].p_memsz + kPage - 1) & ~(kPage - 1);
        raw_madvise(start, end - start,
                    (phdr[i].p_flags & PF_W) ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    }
}
