// host_cpuid (validator/host_cpuid.h), the C library's copy of CPUID leaves, against the
// CPUID instruction itself.
#include "validator/host_cpuid.h"

#include <gtest/gtest.h>

namespace zvm::validator {
namespace {

TEST(HostCpuid, TheCLibrarysCopyIsWhatCpuidSays) {
    for (const CpuidLeaf leaf : {CpuidLeaf::k1, CpuidLeaf::k7, CpuidLeaf::k80000001}) {
        const CpuidRegisters copy = host_cpuid(leaf), real = cpuid_instruction(leaf);
        const int n = static_cast<int>(leaf);
        EXPECT_EQ(copy.eax, real.eax) << "leaf " << n;
        // Leaf 1's EBX bits 31-24 are the initial APIC ID of the CPU that ran CPUID: the
        // C library ran it at start-up, perhaps on another CPU than this test.
        const uint32_t ebx_mask = leaf == CpuidLeaf::k1 ? 0x00FFFFFFu : ~0u;
        EXPECT_EQ(copy.ebx & ebx_mask, real.ebx & ebx_mask) << "leaf " << n;
        EXPECT_EQ(copy.ecx, real.ecx) << "leaf " << n;
        EXPECT_EQ(copy.edx, real.edx) << "leaf " << n;
    }
}

TEST(HostCpuid, AnX86_64ProcessorHasSse2AndLongMode) {
    EXPECT_TRUE(host_cpuid(CpuidLeaf::k1).edx & (1u << 26));
    EXPECT_TRUE(host_cpuid(CpuidLeaf::k80000001).edx & (1u << 29));
}

} // namespace
} // namespace zvm::validator
