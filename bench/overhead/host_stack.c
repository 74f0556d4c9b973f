// bench/overhead/rewrite_cost.sh: runs a program assembled with `zvm-as --measure` as an
// ordinary host process. zvm-as narrows every write of %rsp to %esp, so the program's stack
// must lie below 4 GiB: this main() maps one there and calls the program's main, renamed
// zvm_measured_main, on it. Built natively with musl-gcc; never part of a nexe.
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

int zvm_measured_main(int argc, char** argv);

static int g_argc, g_status;
static char** g_argv;

static void on_low_stack(void) {
    g_status = zvm_measured_main(g_argc, g_argv);
}

int main(int argc, char** argv) {
    const size_t size = 64u << 20;
    // Below 4 GiB and above the static executable (0x400000) and its brk heap.
    char* stack = mmap((void*)0x30000000, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (stack == MAP_FAILED || (uintptr_t)stack + size > 0x100000000u) {
        perror("host_stack: mmap below 4 GiB");
        return 125;
    }
    g_argc = argc;
    g_argv = argv;
    // Sound: %rbx is callee-saved in the callee and holds the old %rsp; the new stack is 64
    // bytes below the top of the mapping, 16-byte aligned before the call as the ABI wants; every
    // register the callee may clobber is declared.
    __asm__ volatile("mov %%rsp, %%rbx\n\tmov %0, %%rsp\n\tcall *%1\n\tmov %%rbx, %%rsp"
                     :
                     : "r"(stack + size - 64), "r"(on_low_stack)
                     : "rbx", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0",
                       "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                       "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
    return g_status;
}
