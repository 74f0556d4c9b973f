#include "runtime/cpu_features.h"

#include "validator/host_cpuid.h"
#include "validator/isa.h"

#include <algorithm>
#include <cstdlib>

namespace zvm::runtime {
namespace {

bool bit(uint32_t reg, int n) {
    return (reg >> n) & 1u;
}

} // namespace

uint64_t host_hwcap() {
    static const uint64_t hwcap = validator::host_cpuid(validator::CpuidLeaf::k1).edx;
    return hwcap;
}

uint32_t host_isa() {
    namespace v = zvm::validator;
    uint32_t set = 0;
    if (const uint32_t c = v::host_cpuid(v::CpuidLeaf::k1).ecx) {
        if (bit(c, 0)) set |= v::kIsaSse3;
        if (bit(c, 1)) set |= v::kIsaPclmul;
        if (bit(c, 9)) set |= v::kIsaSsse3;
        if (bit(c, 12)) set |= v::kIsaFma;
        if (bit(c, 19)) set |= v::kIsaSse41;
        if (bit(c, 20)) set |= v::kIsaSse42;
        if (bit(c, 22)) set |= v::kIsaMovbe;
        if (bit(c, 23)) set |= v::kIsaPopcnt;
        if (bit(c, 25)) set |= v::kIsaAes;
        if (bit(c, 29)) set |= v::kIsaF16c;
        if (v::host_avx_usable()) set |= v::kIsaAvx;
    }
    const uint32_t b = v::host_cpuid(v::CpuidLeaf::k7).ebx;
    if (bit(b, 3)) set |= v::kIsaBmi1;
    if (bit(b, 5)) set |= v::kIsaAvx2;
    if (bit(b, 8)) set |= v::kIsaBmi2;
    if (bit(v::host_cpuid(v::CpuidLeaf::k80000001).ecx, 5)) set |= v::kIsaLzcnt;
    // What uses the YMM state is unusable without AVX's: so said the kernel (XCR0).
    if (!(set & v::kIsaAvx)) set &= ~(v::kIsaAvx2 | v::kIsaFma | v::kIsaF16c);
    return set;
}

std::string missing_isa(uint32_t needed, uint32_t offered) {
    return validator::isa_names(needed & ~offered);
}

uint32_t isa_from_names(const std::string& names) {
    uint32_t set = 0;
    size_t at = 0;
    while (at < names.size()) {
        const size_t end = std::min(names.find_first_of(", ", at), names.size());
        const std::string name = names.substr(at, end - at);
        for (int i = 0; i < validator::kIsaBitCount; ++i)
            if (name == validator::isa_name(1u << i)) set |= 1u << i;
        at = end + 1;
    }
    return set;
}

std::string unmet_isa(uint32_t needed) {
    if (needed == 0) return {};
    const char* hidden = std::getenv("ZVM_HIDE_ISA");
    const uint32_t offered = host_isa() & ~(hidden ? isa_from_names(hidden) : 0u);
    return missing_isa(needed, offered);
}

} // namespace zvm::runtime
