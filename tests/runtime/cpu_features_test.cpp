// host_isa (runtime/cpu_features.h) against an independent source, the kernel's own reading
// of CPUID in /proc/cpuinfo's "flags"; missing_isa's names.
#include "runtime/cpu_features.h"

#include "tests/support/cpuinfo.h"
#include "validator/isa.h"

#include <gtest/gtest.h>
#include <set>
#include <string>

namespace zvm::runtime {
namespace {

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
        EXPECT_EQ((host & bit) != 0, flags.count(kernel_name(bit)) != 0)
            << validator::isa_name(bit) << " (cpuinfo: " << kernel_name(bit) << ")";
    }
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
