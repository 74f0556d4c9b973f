// What zvm validates and loads is its own copy of the program file's bytes, never a mapping
// of the file: a MAP_PRIVATE mapping still shows later writes to the file, so a writer of
// the file could have swapped validated code for unvalidated code between the validation
// (or the validation cache's key) and the loading (runtime/mapped_file.h). Seen from
// outside: while the program runs, zvm maps nothing of the nexe or zapp file.
#include "tests/runtime/running_zvm.h"
#include "tests/support/subprocess.h"

#include <filesystem>
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

TEST(ProgramCopy, AZappIsNotMappedFromItsFile) {
    const std::string zapp =
        ::testing::TempDir() + "/zvm_copy_" + std::to_string(getpid()) + ".zapp";
    const CommandResult pack = run_command({kZvm, "pack", "-o", zapp, "--nexe", kBlockedNexe});
    ASSERT_EQ(pack.exit_status, 0) << pack.err;
    int status = 0;
    const auto maps = mappings_of_program(kZvm, zapp, &status);
    std::filesystem::remove(zapp);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    for (const Mapping& m : maps)
        ADD_FAILURE() << "zvm maps the zapp file: " << m.perms << " " << m.size_kb << " KiB";
}

} // namespace
} // namespace zvm::test
