#include "validator/host_cpuid.h"

#include <cpuid.h>
// glibc 2.36's header returns C's _Bool from two inline functions, which clang++ (the fuzz
// targets' compiler) does not know in C++; g++ accepts it.
#if defined(__clang__)
#define _Bool bool
#include <sys/platform/x86.h>
#undef _Bool
#else
#include <sys/platform/x86.h>
#endif

namespace zvm::validator {
namespace {

// The C library's copy of one leaf (an index of <bits/platform/x86.h>'s CPUID_INDEX_*).
CpuidRegisters c_library_copy(unsigned index) {
    const cpuid_feature* leaf = __x86_get_cpuid_feature_leaf(index);
    return {
        leaf->cpuid_array[cpuid_register_index_eax], leaf->cpuid_array[cpuid_register_index_ebx],
        leaf->cpuid_array[cpuid_register_index_ecx], leaf->cpuid_array[cpuid_register_index_edx]};
}

bool bit(uint32_t reg, int n) {
    return (reg >> n) & 1u;
}

} // namespace

CpuidRegisters cpuid_instruction(CpuidLeaf leaf) {
    const unsigned number = leaf == CpuidLeaf::k1 ? 1u : leaf == CpuidLeaf::k7 ? 7u : 0x80000001u;
    CpuidRegisters r;
    if (!__get_cpuid_count(number, 0, &r.eax, &r.ebx, &r.ecx, &r.edx)) return {};
    return r;
}

CpuidRegisters host_cpuid(CpuidLeaf leaf) {
    if (leaf == CpuidLeaf::k80000001) {
        const CpuidRegisters extended = c_library_copy(CPUID_INDEX_80000001);
        return bit(extended.edx, 29) ? extended : cpuid_instruction(leaf);
    }
    // Leaf 1 with SSE2 also witnesses leaf 7: the C library reads the basic leaves together
    // (leaf 7 stays zero where the processor has none).
    const CpuidRegisters basic = c_library_copy(CPUID_INDEX_1);
    if (!bit(basic.edx, 26)) return cpuid_instruction(leaf);
    return leaf == CpuidLeaf::k1 ? basic : c_library_copy(CPUID_INDEX_7);
}

bool host_avx_usable() {
    const uint32_t c = host_cpuid(CpuidLeaf::k1).ecx;
    if (!bit(c, 27) || !bit(c, 28)) return false;
    // XGETBV(0) reads XCR0, allowed in user mode when OSXSAVE is set (checked above).
    uint32_t lo = 0, hi = 0;
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

} // namespace zvm::validator
