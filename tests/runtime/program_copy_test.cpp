// What zvm validates and loads is its own copy of the program file's bytes, never a mapping
// of the file: a MAP_PRIVATE mapping still shows later writes to the file, so a writer of
// the file could have swapped validated code for unvalidated code between the validation
// (or the validation cache's key) and the loading (runtime/mapped_file.h). Seen from
// outside: while the program runs, zvm maps nothing of a nexe file, and of a zapp file
// only a read-only mapping for its image's files, untouched until the program reads them
// (its headers and manifest are read from the file, its nexe copied out of it:
// zapp_reading_test.cpp), and not copied either. The sandbox's code is written to sealed
// files and mapped from there read + execute: no page of it is ever writable.
#include "tests/runtime/running_zvm.h"
#include "tests/support/subprocess.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

const std::string kZvm = ZVM_BINARY;
const std::string kBlockedNexe = std::string(ZVM_TEST_PROGRAMS) + "/exhaustion_read_block.nexe";

// The mappings of `program` in a zvm running it (blocked reading stdin); the run's status.
std::vector<Mapping> mappings_of_program(const std::string& zvm, const std::string& program,
                                         int* status) {
    RunningZvm run(zvm, {"run", program});
    std::vector<Mapping> found;
    const bool running = run.running();
    const std::string path = std::filesystem::canonical(program).string();
    if (running) {
        for (const Mapping& m : run.mappings())
            if (m.path == path) found.push_back(m);
    }
    *status = run.finish();
    EXPECT_TRUE(running) << "zvm never started " << program;
    return found;
}

TEST(ProgramCopy, ANexeIsNotMappedFromItsFile) {
    int status = 0;
    const auto maps = mappings_of_program(kZvm, kBlockedNexe, &status);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    for (const Mapping& m : maps)
        ADD_FAILURE() << "zvm maps the nexe file: " << m.perms << " " << m.size_kb << " KiB";
}

TEST(ProgramCopy, AZappsNexeIsCopiedAndItsImageIsNot) {
    // Before, the whole zapp was read into memory at start: 48 MiB resident here, and as
    // long to read.
    const std::string base = ::testing::TempDir() + "/zvm_copy_" + std::to_string(getpid());
    const std::string zapp = base + ".zapp";
    std::filesystem::create_directories(base);
    {
        std::ofstream big(base + "/big", std::ios::binary);
        big << std::string(48 << 20, 'b');
    }
    const CommandResult pack =
        run_command({kZvm, "pack", "-o", zapp, "--nexe", kBlockedNexe, "--dir", base});
    std::filesystem::remove_all(base);
    ASSERT_EQ(pack.exit_status, 0) << pack.err;
    RunningZvm run(kZvm, {"run", zapp});
    ASSERT_TRUE(run.running());
    const std::string path = std::filesystem::canonical(zapp).string();
    uint64_t resident_kb = 0;
    int zapp_mappings = 0;
    for (const Mapping& m : run.mappings()) {
        resident_kb += m.rss_kb;
        if (m.path != path) continue;
        ++zapp_mappings;
        EXPECT_EQ(m.perms, "r--p");
        EXPECT_EQ(m.rss_kb, 0u) << "zvm read the zapp through its mapping";
    }
    const int status = run.finish();
    std::filesystem::remove(zapp);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_EQ(zapp_mappings, 1);
    EXPECT_LT(resident_kb, 16u << 10) << "zvm holds a copy of the zapp's image";
}

TEST(ProgramCopy, TheSandboxsCodeComesFromSealedFilesAndNothingIsWritableAndExecutable) {
    RunningZvm run(kZvm, {"run", kBlockedNexe});
    ASSERT_TRUE(run.running());
    int code_mappings = 0;
    for (const Mapping& m : run.mappings()) {
        EXPECT_FALSE(m.perms.find('w') != std::string::npos &&
                     m.perms.find('x') != std::string::npos)
            << m.perms << " " << m.path;
        if (m.path != "/memfd:zvm-code") continue;
        ++code_mappings;
        EXPECT_EQ(m.perms, "r-xp");
    }
    const int status = run.finish();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_EQ(code_mappings, 2) << "the trampolines and the nexe's one text segment";
}

} // namespace
} // namespace zvm::test
