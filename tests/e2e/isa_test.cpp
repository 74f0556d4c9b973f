// Instruction-set extensions end to end: zcc builds a program with AVX2 instructions,
// zvalidate names what it requires, and zvm refuses it (126, naming the extension) where
// the processor lacks it, here simulated with $ZVM_HIDE_ISA, also when the verdict comes
// from the validation cache; a baseline program requires nothing.
#include "tests/support/cpuinfo.h"
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using zvm::test::run_command;

namespace {

const std::string kBin = ZVM_BIN_DIR;

class Isa : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zvm-e2e-isa-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(Isa, Avx2ProgramIsNamedAndRefusedWhereItCannotRun) {
    const fs::path source = dir_ / "avx2.c";
    // A loop over runtime data (so that nothing folds away) with AVX2 integer instructions.
    std::ofstream(source) << R"(#include <immintrin.h>
#include <stdio.h>
int main(int argc, char** argv) {
    (void)argv;
    volatile int seed = argc;
    int a[64], b[64];
    for (int i = 0; i < 64; ++i) {
        a[i] = i + seed;
        b[i] = 2;
    }
    __m256i acc = _mm256_setzero_si256();
    for (int i = 0; i < 64; i += 8)
        acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(_mm256_loadu_si256((const __m256i*)(a + i)),
                                                       _mm256_loadu_si256((const __m256i*)(b + i))));
    int out[8], sum = 0;
    _mm256_storeu_si256((__m256i*)out, acc);
    for (int i = 0; i < 8; ++i)
        sum += out[i];
    printf("%d\n", sum);
    return 0;
}
)";
    const std::string nexe = (dir_ / "avx2.nexe").string();
    const auto cc = run_command({kBin + "/zcc", "-O2", "-mavx2", "-o", nexe, source.string()});
    ASSERT_EQ(cc.exit_status, 0) << cc.err;

    const auto v = run_command({kBin + "/zvalidate", "--json", nexe});
    EXPECT_EQ(v.exit_status, 0) << v.out << v.err;
    EXPECT_NE(v.out.find("\"requires\":[\"avx\",\"avx2\"]"), std::string::npos) << v.out;

    const std::string cache = (dir_ / "cache").string();
    for (int round = 0; round < 2; ++round) { // a miss, then a cache hit
        const auto hidden = run_command({"/usr/bin/env", "ZVM_HIDE_ISA=avx2", kBin + "/zvm", "run",
                                         "--cache-dir", cache, nexe});
        EXPECT_EQ(hidden.exit_status, 126) << round << hidden.out << hidden.err;
        EXPECT_NE(hidden.err.find("needs instruction-set extensions this processor lacks: avx2"),
                  std::string::npos)
            << round << hidden.err;
        EXPECT_EQ(hidden.out, "");
    }
    const auto run = run_command({kBin + "/zvm", "run", "--cache-dir", cache, nexe});
    if (zvm::test::cpuinfo_flags().count("avx2")) {
        EXPECT_EQ(run.exit_status, 0) << run.err;
        EXPECT_EQ(run.out, "4160\n"); // 2 * (1 + 2 + ... + 64)
    } else {
        EXPECT_EQ(run.exit_status, 126) << run.err;
    }
}

TEST_F(Isa, BaselineProgramRequiresNothing) {
    const auto v = run_command({kBin + "/zvalidate", "--json", HELLO_NEXE});
    EXPECT_EQ(v.exit_status, 0) << v.err;
    EXPECT_NE(v.out.find("\"requires\":[]"), std::string::npos) << v.out;
}

} // namespace
