// The whole path on the hello example: zcc builds it, zvalidate accepts it (and
// rejects a tampered copy), zvm runs it with arguments and exit code passed through,
// and zvm refuses what it must not run, with the documented statuses (docs/cli.md).
#include "tests/support/subprocess.h"
#include "validator/nexe.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using zvm::test::run_command;

namespace {

const std::string kBin = ZVM_BIN_DIR;
const std::string kZcc = kBin + "/zcc";
const std::string kZvalidate = kBin + "/zvalidate";
const std::string kZvm = kBin + "/zvm";
const std::string kHello = HELLO_NEXE;

std::vector<uint8_t> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A scratch directory per test, removed afterwards.
class E2E : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zvm-e2e-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

// The file offset of the nexe's entry point.
uint64_t entry_file_offset(const std::vector<uint8_t>& nexe) {
    auto parsed = zvm::validator::validate_nexe(nexe);
    EXPECT_FALSE(parsed.format_error.has_value());
    for (const auto& seg : parsed.nexe.segments) {
        if (parsed.nexe.entry >= seg.vaddr && parsed.nexe.entry < seg.vaddr + seg.filesz)
            return seg.offset + (parsed.nexe.entry - seg.vaddr);
    }
    ADD_FAILURE() << "entry point not in any segment";
    return 0;
}

TEST_F(E2E, ZccBuildsHelloThatValidates) {
    const auto nexe = (dir_ / "hello.nexe").string();
    auto cc = run_command({kZcc, "-O2", "-o", nexe, HELLO_SOURCE});
    ASSERT_EQ(cc.exit_status, 0) << cc.err;
    auto v = run_command({kZvalidate, nexe});
    EXPECT_EQ(v.exit_status, 0) << v.out << v.err;
}

TEST_F(E2E, ValidatorAcceptsHello) {
    auto v = run_command({kZvalidate, kHello});
    EXPECT_EQ(v.exit_status, 0) << v.out << v.err;
}

TEST_F(E2E, ValidatorRejectsHelloWithSyscallInserted) {
    auto bytes = read_file(kHello);
    uint64_t off = entry_file_offset(bytes);
    ASSERT_GT(off, 0u);
    bytes[off] = 0x0F; // syscall
    bytes[off + 1] = 0x05;
    const auto bad = dir_ / "bad.nexe";
    write_file(bad, bytes);

    auto v = run_command({kZvalidate, bad.string()});
    EXPECT_EQ(v.exit_status, 1) << v.out << v.err;
    EXPECT_NE(v.out.find("R2-forbidden"), std::string::npos) << v.out;
    EXPECT_NE(v.out.find("syscall"), std::string::npos) << v.out;

    // zvm refuses it with the same diagnostics and status 126.
    auto r = run_command({kZvm, "run", bad.string()});
    EXPECT_EQ(r.exit_status, 126) << r.out << r.err;
    EXPECT_NE(r.err.find("R2-forbidden"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST_F(E2E, RunPrintsGreetingAndPassesArgumentsAndExitCode) {
    auto r = run_command({kZvm, "run", kHello, "--", "alpha", "beta gamma", "-x"});
    EXPECT_EQ(r.out, "Hello from the zvm sandbox!\nalpha\nbeta gamma\n-x\n");
    EXPECT_EQ(r.exit_status, 3) << r.err;

    auto none = run_command({kZvm, "run", kHello});
    EXPECT_EQ(none.out, "Hello from the zvm sandbox!\n");
    EXPECT_EQ(none.exit_status, 0) << none.err;
}

TEST_F(E2E, RunMissingFileFailsWith127) {
    const auto missing = (dir_ / "no-such.nexe").string();
    auto r = run_command({kZvm, "run", missing});
    EXPECT_EQ(r.exit_status, 127);
    EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
}

TEST_F(E2E, RunNonElfFailsWith126) {
    const auto text = dir_ / "text.nexe";
    write_file(text, {'n', 'o', 't', ' ', 'a', 'n', ' ', 'E', 'L', 'F', '\n'});
    auto r = run_command({kZvm, "run", text.string()});
    EXPECT_EQ(r.exit_status, 126);
    EXPECT_NE(r.err.find(text.string()), std::string::npos) << r.err;

    auto v = run_command({kZvalidate, text.string()});
    EXPECT_EQ(v.exit_status, 2) << v.out << v.err;
}

} // namespace
