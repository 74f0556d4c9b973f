// host_isa (runtime/cpu_features.h) against independent sources, the kernel's own reading
// of CPUID in /proc/cpuinfo's "flags" and, where the kernel leaves a flag out, the
// instruction's behaviour; missing_isa's names.
#include "runtime/cpu_features.h"

#include "tests/support/cpuinfo.h"
#include "validator/isa.h"

#include <gtest/gtest.h>
#include <set>
#include <string>

namespace zvm::runtime {
namespace {

// Whether the processor executes an instruction of the extension `bit` as that extension
// defines it, for the extensions a kernel was seen to leave out of its flags although CPUID
// reports them: false where there is no such probe.
bool executes(uint32_t bit) {
    if (bit == validator::kIsaLzcnt) {
        // Without LZCNT the same bytes are BSR, which gives 0 for 1 (the bit's index).
        uint32_t zeros = 0;
        asm volatile("lzcnt %1, %0" : "=r"(zeros) : "r"(1u));
        return zeros == 31;
    }
    return false;
}

TEST(CpuFeatures, AgreeWithTheKernelsFlags) {
    const std::set<std::string> flags = zvm::test::cpuinfo_flags();
    ASSERT_FALSE(flags.empty()) << "no flags line in /proc/cpuinfo";
    // The kernel's names where they differ from isa_name's.
    const auto kernel_name = [](uint32_t bit) -> std::string {
        if (bit == validator::kIsaSse3) return "pni";
        if (bit == validator::kIsaLzcnt) return "abm";
        return validator::isa_name(bit);
    };
    const uint32_t host = host_isa();
    for (int i = 0; i < validator::kIsaBitCount; ++i) {
        const uint32_t bit = 1u << i;
        const bool listed = flags.count(kernel_name(bit)) != 0;
        if (listed) {
            EXPECT_TRUE(host & bit) << validator::isa_name(bit) << " (cpuinfo: " << kernel_name(bit)
                                    << ") is missing from host_isa";
        } else if (host & bit) {
            // A kernel may leave out a flag the processor reports (a PVM guest's kernel
            // lists no "abm" on a processor whose CPUID and LZCNT say otherwise): then the
            // instruction must behave as the extension says.
            EXPECT_TRUE(executes(bit))
                << validator::isa_name(bit) << " (cpuinfo: " << kernel_name(bit)
                << ") is in host_isa but not in the kernel's flags";
        }
    }
}

// The probe itself: it must tell LZCNT from BSR, the two readings of the same bytes.
TEST(CpuFeatures, TheLzcntProbeMatchesCpuid) {
    EXPECT_EQ(executes(validator::kIsaLzcnt), (host_isa() & validator::kIsaLzcnt) != 0);
}

TEST(CpuFeatures, MissingNamesWhatIsLacking) {
    using namespace validator;
    EXPECT_EQ(missing_isa(0, 0), "");
    EXPECT_EQ(missing_isa(kIsaAvx2 | kIsaFma, kIsaAvx2), "fma");
    EXPECT_EQ(missing_isa(kIsaSse42 | kIsaAvx | kIsaAvx2, kIsaSse42), "avx avx2");
    EXPECT_EQ(missing_isa(kIsaPopcnt, ~0u), "");
    EXPECT_EQ(isa_from_names("avx2,fma"), kIsaAvx2 | kIsaFma);
    EXPECT_EQ(isa_from_names("sse4_2 nonsense,,bmi1"), kIsaSse42 | kIsaBmi1);
    EXPECT_EQ(isa_from_names(""), 0u);
    EXPECT_EQ(unmet_isa(0), "");
}

} // namespace
} // namespace zvm::runtime
