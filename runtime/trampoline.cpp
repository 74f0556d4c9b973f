#include "runtime/trampoline.h"

#include <cpuid.h>
#include <cstring>

namespace zvm::runtime {
namespace {

enum class FpMode { kFxsave, kXsave, kXsaveopt };

// The state-saving instruction the trampoline uses: xsave (mask 7) when the OS enabled
// AVX state, xsaveopt if available; fxsave64 on processors without AVX.
FpMode detect_fp_mode() {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return FpMode::kFxsave;
    const bool osxsave = c & bit_OSXSAVE;
    const bool avx = c & bit_AVX;
    if (!osxsave || !avx) return FpMode::kFxsave;
    uint32_t xcr0_lo, xcr0_hi;
    // xgetbv(0) reads XCR0, the state components the OS enabled; allowed in user mode
    // when OSXSAVE is set (checked above). No memory, no side effect.
    asm volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    if ((xcr0_lo & 7) != 7) return FpMode::kFxsave;
    if (__get_cpuid_count(0xD, 1, &a, &b, &c, &d) && (a & 1)) return FpMode::kXsaveopt;
    return FpMode::kXsave;
}

FpMode fp_mode() {
    static const FpMode mode = detect_fp_mode();
    return mode;
}

} // namespace

uint64_t trampoline_entry_address() {
    switch (fp_mode()) {
    case FpMode::kXsaveopt:
        return reinterpret_cast<uint64_t>(&zvm_trampoline_entry_xsave);
    case FpMode::kXsave:
        return reinterpret_cast<uint64_t>(&zvm_trampoline_entry_xsave_plain);
    case FpMode::kFxsave:
        break;
    }
    return reinterpret_cast<uint64_t>(&zvm_trampoline_entry_fxsave);
}

bool init_context(Dispatcher dispatch, void* instance) {
    SandboxContext& ctx = zvm_context;
    std::memset(ctx.gpr, 0, sizeof ctx.gpr);
    ctx.host_rsp = 0;
    ctx.dispatch = dispatch;
    ctx.rflags = 0;
    ctx.result = 0;
    ctx.instance = instance;
    const bool xsave = fp_mode() != FpMode::kFxsave;
    ctx.fpmode = xsave ? 1 : 0;
    if (xsave) {
        // The AVX component (2) must fit the save area in the standard format.
        unsigned size, offset, c, d;
        if (!__get_cpuid_count(0xD, 2, &size, &offset, &c, &d)) return false;
        if (offset + size > ZVM_CTX_FPSTATE_SIZE) return false;
    }
    // The legacy area: FCW 0x37F (all exceptions masked, extended precision), mxcsr 0x1F80,
    // every register zero. For xrstor the header (bytes 512-575) is all zero too:
    // XSTATE_BV = 0 loads every component in its initial state (registers zero) but
    // mxcsr, which is taken from the area.
    std::memset(ctx.fpstate, 0, sizeof ctx.fpstate);
    const uint16_t fcw = 0x37F;
    const uint32_t mxcsr = ZVM_HOST_MXCSR;
    std::memcpy(ctx.fpstate + 0, &fcw, sizeof fcw);
    std::memcpy(ctx.fpstate + 24, &mxcsr, sizeof mxcsr);
    return true;
}

} // namespace zvm::runtime
