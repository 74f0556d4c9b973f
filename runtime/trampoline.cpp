#include "runtime/trampoline.h"

#include "validator/host_cpuid.h"

#include <cstring>

namespace zvm::runtime {
namespace {

// Whether the trampoline saves ymm registers: AVX is usable (validator/host_cpuid.h).
bool has_avx() {
    static const bool avx = validator::host_avx_usable();
    return avx;
}

} // namespace

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
