// The wc example as a zapp: zvm pack stores the nexe and examples/wc/data as its image;
// zvm run mounts the image read-only and the program writes its table to a channel that
// the command line maps to a host file. The expected table is computed here, on the host,
// from the same files.
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using zvm::test::run_command;

namespace {

const std::string kZvm = std::string(ZVM_BIN_DIR) + "/zvm";
const fs::path kData = WC_DATA_DIR;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What wc prints for the image files under `subdir` ("" for all of them).
std::string expected_table(const std::string& subdir) {
    std::vector<std::string> paths; // image paths, "/" + path relative to kData
    for (const auto& e : fs::recursive_directory_iterator(kData / subdir)) {
        if (e.is_regular_file()) paths.push_back("/" + fs::relative(e.path(), kData).string());
    }
    std::sort(paths.begin(), paths.end());
    std::string table;
    long tl = 0, tw = 0, tb = 0;
    char line[512];
    for (const auto& p : paths) {
        std::string text = read_text(kData / p.substr(1));
        long lines = std::count(text.begin(), text.end(), '\n'), words = 0;
        bool in_word = false;
        for (unsigned char c : text) {
            if (std::isspace(c)) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                ++words;
            }
        }
        long bytes = static_cast<long>(text.size());
        std::snprintf(line, sizeof line, "%7ld %7ld %7ld %s\n", lines, words, bytes, p.c_str());
        table += line;
        tl += lines;
        tw += words;
        tb += bytes;
    }
    std::snprintf(line, sizeof line, "%7ld %7ld %7ld total\n", tl, tw, tb);
    return table + line;
}

class WcZapp : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zvm-wc-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        zapp_ = (dir_ / "wc.zapp").string();
        auto pack = run_command(
            {kZvm, "pack", "-o", zapp_, "--nexe", WC_NEXE, "--dir", kData.string()});
        ASSERT_EQ(pack.exit_status, 0) << pack.err;
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    std::string zapp_;
};

TEST_F(WcZapp, CountsTheImageIntoAChannel) {
    const auto out = dir_ / "out.txt";
    auto r = run_command(
        {kZvm, "run", zapp_, "--channel", out.string() + ",/dev/output,0,0,0,0,100,65536"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(read_text(out), expected_table(""));
}

TEST_F(WcZapp, CountsADirectoryToStdout) {
    auto r = run_command({kZvm, "run", zapp_, "--", "/poems"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, expected_table("poems"));
}

TEST_F(WcZapp, MissingDirectoryIsReportedByTheProgram) {
    auto r = run_command({kZvm, "run", zapp_, "--", "/nope"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.err.find("wc: /nope: No such file or directory"), std::string::npos) << r.err;
}

TEST_F(WcZapp, ChannelOutputQuotaIsEnforced) {
    // putsize 16: the program's write past 16 bytes gets -EDQUOT, which it reports.
    const auto out = dir_ / "small.txt";
    auto r = run_command(
        {kZvm, "run", zapp_, "--channel", out.string() + ",/dev/output,0,0,0,0,100,16"});
    EXPECT_EQ(r.exit_status, 1) << r.err;
    EXPECT_EQ(read_text(out).size(), 16u);
    EXPECT_NE(r.err.find("wc: /dev/output"), std::string::npos) << r.err;
}

} // namespace
