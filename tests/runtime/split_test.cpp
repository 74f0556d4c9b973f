// The two binaries (docs/design.md, "Two binaries"): the static zvm runs nexes itself and
// hands everything else to zvm-full next to it; without zvm-full it still runs nexes and
// says clearly what it cannot do.
#include "tests/runtime/running_zvm.h"
#include "tests/support/subprocess.h"

#include <chrono>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

using zvm::test::CommandResult;
using zvm::test::run_command;

const std::string kZvm = ZVM_BINARY;
const std::string kZvmFull = ZVM_FULL_BINARY;

std::string nexe(const std::string& name) {
    return std::string(ZVM_TEST_PROGRAMS) + "/" + name + ".nexe";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What the dynamic linker would need: PT_INTERP, and DT_NEEDED entries.
struct Linking {
    bool read = false;
    bool has_interp = false;
    int needed = 0;
};

[[maybe_unused]] Linking linking_of(const std::string& path) {
    Linking l;
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < sizeof(Elf64_Ehdr)) return l;
    Elf64_Ehdr eh;
    std::memcpy(&eh, bytes.data(), sizeof eh);
    if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_phentsize != sizeof(Elf64_Phdr) ||
        eh.e_phoff + uint64_t{eh.e_phnum} * sizeof(Elf64_Phdr) > bytes.size())
        return l;
    l.read = true;
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        std::memcpy(&ph, bytes.data() + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_INTERP) l.has_interp = true;
        if (ph.p_type != PT_DYNAMIC || ph.p_offset + ph.p_filesz > bytes.size()) continue;
        for (uint64_t off = 0; off + sizeof(Elf64_Dyn) <= ph.p_filesz; off += sizeof(Elf64_Dyn)) {
            Elf64_Dyn d;
            std::memcpy(&d, bytes.data() + ph.p_offset + off, sizeof d);
            if (d.d_tag == DT_NULL) break;
            if (d.d_tag == DT_NEEDED) ++l.needed;
        }
    }
    return l;
}

// A directory holding a copy of zvm alone (no zvm-full beside it), removed at the end.
class LoneZvm : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            std::filesystem::path(::testing::TempDir()) / ("zvm_lone_" + std::to_string(getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        zvm_ = (dir_ / "zvm").string();
        std::filesystem::copy_file(kZvm, zvm_);
        std::filesystem::permissions(zvm_, std::filesystem::perms::owner_all);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    CommandResult zvm(std::vector<std::string> args) {
        args.insert(args.begin(), zvm_);
        return run_command(args);
    }
    std::string missing_full() const { return (dir_ / "zvm-full").string(); }

    std::filesystem::path dir_;
    std::string zvm_;
};

} // namespace

#ifndef ZVM_SANITIZE_BUILD
// Under ZVM_SANITIZE zvm links the sanitizers' shared runtimes; this test is not built.
TEST(Split, ZvmIsStaticAndZvmFullIsDynamic) {
    const Linking zvm = linking_of(kZvm);
    ASSERT_TRUE(zvm.read) << kZvm;
    EXPECT_FALSE(zvm.has_interp) << "zvm asks for a dynamic linker";
    EXPECT_EQ(zvm.needed, 0) << "zvm needs shared libraries";
    const Linking full = linking_of(kZvmFull);
    ASSERT_TRUE(full.read) << kZvmFull;
    EXPECT_TRUE(full.has_interp);
    EXPECT_GT(full.needed, 0);
}
#endif

#ifndef ZVM_SANITIZE_BUILD
// Under ZVM_SANITIZE zvm has no early entry point (runtime/CMakeLists.txt).

// The static zvm's entry point maps all of its own segments before glibc's start-up
// (runtime/early_prefault.cpp), the code and read-only data too: seen in a zvm blocked
// in the sandbox's read of a pipe, every mapping of the zvm file is wholly resident.
// Without that step only the code a run touched is (a fault maps 64 KiB around it).
TEST(Split, ZvmMapsItsWholeImageAtEntry) {
    zvm::test::RunningZvm zvm(kZvm, {"run", nexe("exhaustion_read_block")});
    ASSERT_TRUE(zvm.running()) << "zvm never installed its seccomp filter";
    std::vector<zvm::test::Mapping> own;
    const std::string exe = std::filesystem::canonical(kZvm).string();
    for (const zvm::test::Mapping& m : zvm.mappings())
        if (m.path == exe) own.push_back(m);
    const int status = zvm.finish();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

    bool code_seen = false;
    for (const zvm::test::Mapping& m : own) {
        if (m.perms.find('x') != std::string::npos) code_seen = true;
        EXPECT_EQ(m.rss_kb, m.size_kb) << m.perms << " mapping of " << m.path;
    }
    EXPECT_TRUE(code_seen) << "no executable mapping of " << kZvm;
}
#endif

TEST(Split, HelpWithoutSubcommandComesFromZvmFull) {
    const CommandResult r = run_command({kZvm, "--help"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "run")) << r.out;
    EXPECT_TRUE(contains(r.out, "pack")) << r.out; // only zvm-full knows pack
}

TEST(Split, UnknownSubcommandIsRefusedByZvmFull) {
    const CommandResult r = run_command({kZvm, "frobnicate"});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_FALSE(r.err.empty());
}

TEST(Split, PackThroughZvmThenRun) {
    const std::string zapp = ::testing::TempDir() + "/split_" + std::to_string(getpid()) + ".zapp";
    const CommandResult pack = run_command({kZvm, "pack", "-o", zapp, "--nexe", nexe("hello")});
    ASSERT_EQ(pack.exit_status, 0) << pack.err;
    const CommandResult run = run_command({kZvm, "run", zapp});
    std::filesystem::remove(zapp);
    EXPECT_EQ(run.exit_status, 0) << run.err;
    EXPECT_EQ(run.out, "hello, sandbox\n");
}

TEST(Split, ViolationsAreDisassembledByZvmFull) {
    const CommandResult r = run_command({kZvm, "run", nexe("bad_addr32")});
    EXPECT_EQ(r.exit_status, 126) << r.err;
    EXPECT_TRUE(contains(r.err, "validation failed (1 violation)")) << r.err;
    // Capstone's text for `movl (%rax), %eax`: only zvm-full links Capstone.
    EXPECT_TRUE(contains(r.err, "movl")) << r.err;
    EXPECT_TRUE(contains(r.err, "R3-addr32")) << r.err;
    EXPECT_FALSE(contains(r.err, "no disassembly")) << r.err;
    // The same command given to zvm-full directly prints the same.
    const CommandResult full = run_command({kZvmFull, "run", nexe("bad_addr32")});
    EXPECT_EQ(full.exit_status, 126);
    EXPECT_EQ(full.err, r.err);
}

TEST_F(LoneZvm, RunsNexesWithoutZvmFull) {
    const CommandResult r = zvm({"run", nexe("hello")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "hello, sandbox\n");
}

TEST_F(LoneZvm, OtherSubcommandsSayTheyNeedZvmFull) {
    const CommandResult r =
        zvm({"pack", "-o", (dir_ / "a.zapp").string(), "--nexe", nexe("hello")});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_TRUE(contains(r.err, "'pack' needs zvm-full")) << r.err;
    EXPECT_TRUE(contains(r.err, missing_full())) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "a.zapp"));
}

TEST_F(LoneZvm, ViolationsArePrintedWithoutDisassembly) {
    const CommandResult r = zvm({"run", nexe("bad_addr32")});
    EXPECT_EQ(r.exit_status, 126) << r.err;
    EXPECT_TRUE(contains(r.err, "validation failed (1 violation)")) << r.err;
    EXPECT_TRUE(contains(r.err, "20000: 8b 00  [R3-addr32]")) << r.err;
    EXPECT_TRUE(contains(r.err, "(no disassembly: cannot execute " + missing_full())) << r.err;
}

TEST_F(LoneZvm, NetworkChannelsSayTheyNeedZvmFull) {
    const CommandResult r =
        zvm({"run", "--channel", "tcp://127.0.0.1:1,/dev/net,0,0,0,0,1,1", nexe("hello")});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_TRUE(contains(r.err, "channel 'tcp://127.0.0.1:1': network channels need zvm-full"))
        << r.err;
    EXPECT_TRUE(contains(r.err, missing_full())) << r.err;
}
