// The binfmt_misc rule (runtime/binfmt.h) against real files: every nexe zcc links matches
// (hello, and SQLite and Lua when they are built), native programs do not (/bin/true, a
// static musl-gcc and a static glibc program, static-pie too); and `zvm binfmt` (docs/cli.md)
// registering it, running a nexe directly by the kernel, and removing it, when this machine
// allows (root, binfmt_misc mounted; skipped otherwise).
#include "runtime/binfmt.h"
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/vfs.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using zvm::test::run_command;

namespace {

const std::string kBin = ZVM_BIN_DIR;
const std::string kZvm = kBin + "/zvm";
const char* const kBinfmtDir = "/proc/sys/fs/binfmt_misc";

std::vector<uint8_t> head_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes(256);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<size_t>(in.gcount()));
    return bytes;
}

class Binfmt : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(::testing::TempDir()) /
               ("zvm_binfmt_" + std::to_string(getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    // A native program built from `source` with `compiler` and `flags`.
    std::string native(const std::string& compiler, const std::vector<std::string>& flags) {
        const std::string src = (dir_ / "native.c").string();
        std::ofstream(src) << "int main(void) { return 0; }\n";
        const std::string out = (dir_ / ("native" + std::to_string(count_++))).string();
        std::vector<std::string> argv = {compiler};
        argv.insert(argv.end(), flags.begin(), flags.end());
        argv.insert(argv.end(), {src, "-o", out});
        const auto r = run_command(argv);
        EXPECT_EQ(r.exit_status, 0) << compiler << ": " << r.err;
        return out;
    }
    fs::path dir_;
    int count_ = 0;
};

TEST_F(Binfmt, EveryNexeMatches) {
    for (const std::string& nexe :
         {std::string(HELLO_NEXE), std::string(SQLITE_NEXE), std::string(LUA_NEXE)}) {
        if (nexe.empty()) continue; // that example is not built in this tree
        EXPECT_TRUE(zvm::runtime::matches_nexe_magic(head_of(nexe))) << nexe;
    }
}

TEST_F(Binfmt, NativeProgramsDoNotMatch) {
    EXPECT_FALSE(zvm::runtime::matches_nexe_magic(head_of("/bin/true")));
    const std::vector<std::string> natives = {
        native("/usr/bin/musl-gcc", {"-static", "-O2"}),
        native("/usr/bin/cc", {"-static", "-O2"}),
        native("/usr/bin/cc", {"-static-pie", "-O2"}),
        native("/usr/bin/cc", {"-no-pie", "-O2"}),
    };
    for (const auto& p : natives)
        EXPECT_FALSE(zvm::runtime::matches_nexe_magic(head_of(p))) << p;
}

TEST_F(Binfmt, RuleIsTheLinkerScriptsLayout) {
    const zvm::runtime::NexeMagic m = zvm::runtime::nexe_magic();
    // Only ELF header fields and the first program header's type, flags and address.
    EXPECT_EQ(m.magic[0], 0x7f);
    EXPECT_EQ(m.magic[4], 2); // ELFCLASS64
    EXPECT_EQ(m.mask[24], 0); // e_entry is not looked at
    // A nexe with its first segment moved is no longer recognised.
    std::vector<uint8_t> bytes = head_of(HELLO_NEXE);
    bytes[64 + 16 + 2] ^= 1; // p_vaddr's third byte: 0x20000 -> 0x30000
    EXPECT_FALSE(zvm::runtime::matches_nexe_magic(bytes));
    const std::string line = zvm::runtime::binfmt_register_line("n", "/i", "PF");
    EXPECT_EQ(line.rfind(":n:M:0:\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00", 0), 0u) << line;
    EXPECT_EQ(line.substr(line.size() - 6), ":/i:PF");
    EXPECT_LT(line.size(), 1920u); // the kernel's limit of one registration
}

TEST_F(Binfmt, CommandErrors) {
    auto r = run_command({kZvm, "binfmt", "status", "--binfmt-dir", dir_.string()});
    EXPECT_EQ(r.exit_status, 3) << r.err;
    EXPECT_NE(r.err.find("binfmt_misc is not mounted at"), std::string::npos) << r.err;
    r = run_command({kZvm, "binfmt", "install", "--name", "../x"});
    EXPECT_EQ(r.exit_status, 125) << r.err;
    r = run_command({kZvm, "binfmt", "frobnicate"});
    EXPECT_EQ(r.exit_status, 125) << r.err;
}

// Whether this process may register entries: root and binfmt_misc mounted.
bool can_register() {
    struct statfs fs {};
    return geteuid() == 0 && statfs(kBinfmtDir, &fs) == 0 && fs.f_type == 0x42494e4d &&
           access((std::string(kBinfmtDir) + "/register").c_str(), W_OK) == 0;
}

TEST_F(Binfmt, RegisteredNexesRunLikeNativePrograms) {
    if (!can_register()) GTEST_SKIP() << "needs root and binfmt_misc mounted at " << kBinfmtDir;
    const std::string name = "zvm-test-" + std::to_string(getpid());
    auto r = run_command({kZvm, "binfmt", "install", "--name", name});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    const std::string nexe = (dir_ / "hello").string();
    fs::copy_file(HELLO_NEXE, nexe);
    fs::permissions(nexe, fs::perms::owner_all);
    const auto run = run_command({nexe, "a", "b"});
    const auto again = run_command({kZvm, "binfmt", "install", "--name", name});
    const auto status = run_command({kZvm, "binfmt", "status", "--name", name});
    r = run_command({kZvm, "binfmt", "remove", "--name", name});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(run.exit_status, 2) << run.err; // hello exits with its number of arguments
    EXPECT_EQ(run.out, "Hello from the zvm sandbox!\na\nb\n");
    EXPECT_EQ(again.exit_status, 1) << again.err;
    EXPECT_EQ(status.exit_status, 0) << status.err;
    EXPECT_NE(status.out.find("enabled"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("flags: PF"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("/zvm-exec"), std::string::npos) << status.out;
    r = run_command({kZvm, "binfmt", "status", "--name", name});
    EXPECT_EQ(r.exit_status, 1);
    r = run_command({kZvm, "binfmt", "remove", "--name", name});
    EXPECT_EQ(r.exit_status, 1);
}

} // namespace
