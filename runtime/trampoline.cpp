#include "runtime/trampoline.h"

#include "validator/host_cpuid.h"

#include <cstring>

namespace zvm::runtime {
namespace {

// Whether the trampoline saves ymm registers: the processor has AVX and the OS enabled
// its state (OSXSAVE, and XCR0 has the SSE and AVX bits).
bool detect_avx() {
    const uint32_t c = validator::host_cpuid(validator::CpuidLeaf::k1).ecx;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return false; // OSXSAVE, AVX
    uint32_t xcr0_lo, xcr0_hi;
    // xgetbv(0) reads XCR0, the state components the OS enabled; allowed in user mode
    // when OSXSAVE is set (checked above). No memory, no side effect.
    asm volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    return (xcr0_lo & 6) == 6;
}

bool has_avx() {
    static const bool avx = detect_avx();
    return avx;
}

} // namespace

uint64_t trampoline_entry_address() {
    return has_avx() ? reinterpret_cast<uint64_t>(&zvm_trampoline_entry_avx)
                     : reinterpret_cast<uint64_t>(&zvm_trampoline_entry_sse);
}

bool init_context(Dispatcher dispatch, void* instance) {
    SandboxContext& ctx = zvm_context;
    std::memset(ctx.gpr, 0, sizeof ctx.gpr);
    ctx.host_rsp = 0;
    ctx.dispatch = dispatch;
    ctx.rflags = 0;
    ctx.result = 0;
    ctx.instance = instance;
    ctx.fpmode = has_avx() ? 1 : 0;
    // The sandbox starts with every vector register zero and the default control words.
    std::memset(ctx.fpstate, 0, sizeof ctx.fpstate);
    const uint32_t mxcsr = ZVM_HOST_MXCSR;
    const uint16_t fcw = ZVM_HOST_FCW;
    std::memcpy(ctx.fpstate + ZVM_CTX_FP_MXCSR, &mxcsr, sizeof mxcsr);
    std::memcpy(ctx.fpstate + ZVM_CTX_FP_FCW, &fcw, sizeof fcw);
    return true;
}

} // namespace zvm::runtime
