// The host side of the trampoline convention of docs/sfi-model.md ("Calling the runtime").
//
// The sandbox calls the runtime with the locked sequence
//     lea 1f(%rip), %r11 ; jmp 0x10000 ; 1:
// Trampoline entry 0 (at 0x10000, copied there by the loader) is
//     jmp *%fs:zvm_trampoline_target@tpoff
// a jump through a variable of the host thread's TLS that zvm_enter_sandbox and
// zvm_resume_sandbox point at zvm_trampoline_entry_* (AVX or SSE): the sandbox can read
// entry 0's bytes, so they hold no host address (the sandbox never changes %fs's base:
// the thread pointer it sets is virtual). On arrival:
//     %rax      call number
//     %rdi %rsi %rdx %r10 %r8 %r9   arguments
//     %r11      return address (sandbox-controlled: masked before use)
//     %rsp      the sandbox stack: nothing is written to it (the red zone stays valid)
// The entry saves the sandbox's general registers and flags in the context, switches to
// the host stack, clears DF, saves the sandbox's vector registers (ymm0-15, or xmm0-15
// without AVX), mxcsr and x87 control word, loads the host's, and calls the dispatcher.
// (The x87 data registers are left alone: the host code called uses no x87.) On the way back it
// restores all of that, sets %rax to the result, masks %r11 with `and $-32, %r11d` (zero-extending:
// the target is below 4 GiB and 32-byte aligned, so a validated bundle start, a trampoline entry or
// a non-executable page), zeroes %rcx (it held a host address) and jumps to %r11. Every other
// register, the vector registers included, comes back as the sandbox left it, as with Linux's
// syscall.
//
// zvm_enter_sandbox() starts the sandbox and returns only when the instance ends: through
// zvm_exit_sandbox() (the exit/exit_group handlers) or zvm_fault_exit (where the fault
// handler sends a faulting instance). Both restore the host context that
// zvm_enter_sandbox saved, longjmp-style, and make it return the exit status.
#pragma once

// Offsets into SandboxContext, shared with trampoline.S (checked by static_asserts below).
#define ZVM_CTX_GPR 0        // 16 x 8 bytes: the sandbox GPRs in hardware order
#define ZVM_CTX_HOST_RSP 128 // host %rsp saved by zvm_enter_sandbox; 0 when not running
#define ZVM_CTX_DISPATCH 136 // the dispatcher the trampoline calls
#define ZVM_CTX_RFLAGS 144   // the sandbox's flags at the call
#define ZVM_CTX_RESULT 152   // the dispatcher's result while the state is restored
#define ZVM_CTX_FPMODE 160   // 1: AVX (ymm saved); 0: SSE only (xmm saved)
#define ZVM_CTX_FPSTATE 192  // vector and control state, 64-byte aligned:
#define ZVM_CTX_FPSTATE_SIZE 576
#define ZVM_CTX_FP_MXCSR 512   //   ymm0-15 (or xmm0-15) at 0, mxcsr at 512,
#define ZVM_CTX_FP_FCW 516     //   the x87 control word at 516,
#define ZVM_CTX_FP_SCRATCH 520 // a scratch slot for the host's mxcsr
#define ZVM_CTX_SIZE (ZVM_CTX_FPSTATE + ZVM_CTX_FPSTATE_SIZE)

#define ZVM_HOST_MXCSR 0x1F80 // the ABI's default: all exceptions masked, round to nearest
#define ZVM_HOST_FCW 0x037F   // the ABI's default x87 control word

#ifndef __ASSEMBLER__

#include <cstddef>
#include <cstdint>

namespace zvm::runtime {

// Hardware register numbers: the index into SandboxContext::gpr.
enum Gpr : int {
    kRax,
    kRcx,
    kRdx,
    kRbx,
    kRsp,
    kRbp,
    kRsi,
    kRdi,
    kR8,
    kR9,
    kR10,
    kR11,
    kR12,
    kR13,
    kR14,
    kR15,
};

struct SandboxContext;
// Called by the trampoline on the host stack with the sandbox registers in ctx->gpr;
// returns the value for %rax (-errno on failure).
using Dispatcher = int64_t (*)(SandboxContext* ctx);

struct alignas(64) SandboxContext {
    uint64_t gpr[16];
    uint64_t host_rsp;
    Dispatcher dispatch;
    uint64_t rflags;
    uint64_t result;
    uint64_t fpmode;
    void* instance; // the runtime's Instance, for the dispatcher
    uint64_t pad[2];
    alignas(64) unsigned char fpstate[ZVM_CTX_FPSTATE_SIZE];
};

static_assert(offsetof(SandboxContext, gpr) == ZVM_CTX_GPR);
static_assert(offsetof(SandboxContext, host_rsp) == ZVM_CTX_HOST_RSP);
static_assert(offsetof(SandboxContext, dispatch) == ZVM_CTX_DISPATCH);
static_assert(offsetof(SandboxContext, rflags) == ZVM_CTX_RFLAGS);
static_assert(offsetof(SandboxContext, result) == ZVM_CTX_RESULT);
static_assert(offsetof(SandboxContext, fpmode) == ZVM_CTX_FPMODE);
static_assert(offsetof(SandboxContext, fpstate) == ZVM_CTX_FPSTATE);
static_assert(sizeof(SandboxContext) == ZVM_CTX_SIZE);

// Prepares the context for a new instance: the dispatcher, the instance pointer, the
// initial x87/SSE/AVX state (all registers zero, default control words). Returns false
// if the processor lacks what the runtime needs (never on x86-64 today).
bool init_context(Dispatcher dispatch, void* instance);

} // namespace zvm::runtime

extern "C" {
// The one sandbox context of this process. A global because the trampoline must find it
// with no free register (rip-relative); one sandbox per process, so one context.
extern zvm::runtime::SandboxContext zvm_context;

// Starts the sandbox at `entry` with %rsp = `stack`, every other register and the vector
// state zero. Returns the instance's exit status when it ends.
int zvm_enter_sandbox(uint64_t entry, uint64_t stack);

// Returns to the sandbox from the trampoline call whose state zvm_context holds (a
// serving worker puts a snapshot's saved context back first), with %rax = `result`.
// Returns the instance's exit status when it ends, as zvm_enter_sandbox does.
int zvm_resume_sandbox(int64_t result);

// Ends the running instance: resumes the host context saved by zvm_enter_sandbox, which
// returns `status`. Called from a dispatcher (on the host stack); host frames between
// are discarded without unwinding, so callers hold no objects that need destruction.
[[noreturn]] void zvm_exit_sandbox(int status);

// Where the fault handler resumes a faulting instance (status in %edi): resets the host's
// x87/SSE control state and DF, then does what zvm_exit_sandbox does.
void zvm_fault_exit();

// The trampoline targets (AVX or SSE only), reached from entry 0.
void zvm_trampoline_entry_avx();
void zvm_trampoline_entry_sse();
// Entry 0's code, [zvm_trampoline_entry0, zvm_trampoline_entry0_end): the loader copies it.
extern const unsigned char zvm_trampoline_entry0[];
extern const unsigned char zvm_trampoline_entry0_end[];
}

#endif // __ASSEMBLER__
