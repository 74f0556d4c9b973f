// The zvalidate command: exit statuses, text and JSON output, --raw, --max-errors, --quiet.
#include "testutil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sys/wait.h>

namespace zvm::validator {
namespace {

namespace fs = std::filesystem;

struct Outcome {
    int status;
    std::string out;
};

Outcome zvalidate(const std::string& args) {
    const std::string cmd = std::string(ZVM_TEST_ZVALIDATE) + " " + args + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    Outcome r{-1, ""};
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

fs::path write_nexe(const std::string& name, const char* body) {
    std::string error;
    auto n = test::build_nexe(std::string("\t.text\n\t.globl _start\n_start:\n") + body, &error);
    EXPECT_TRUE(n) << error;
    const fs::path p = test::scratch_dir() / name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(n->data()), n->size());
    return p;
}

TEST(Zvalidate, ExitStatusAndText) {
    const fs::path good = write_nexe("good.nexe", "\tnop\n");
    const fs::path bad = write_nexe("bad.nexe", "\tsyscall\n\trdtsc\n\tmovl (%rax), %eax\n");
    const fs::path junk = test::scratch_dir() / "junk";
    std::ofstream(junk) << "not an elf";

    Outcome r = zvalidate(good.string());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    r = zvalidate(bad.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(
        r.out.find(bad.string() + ": 20000: 0f 05  syscall  [R2-forbidden] syscall is not allowed"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("[R3-addr32]"), std::string::npos) << r.out;
    EXPECT_EQ(zvalidate(junk.string()).status, 2);
    EXPECT_EQ(zvalidate((test::scratch_dir() / "missing").string()).status, 2);
    EXPECT_EQ(zvalidate(good.string() + " " + bad.string()).status, 1);
    EXPECT_EQ(zvalidate(good.string() + " " + bad.string() + " " + junk.string()).status, 2);

    r = zvalidate("--quiet " + bad.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    r = zvalidate("--max-errors 1 " + bad.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST(Zvalidate, Json) {
    const fs::path bad = write_nexe("badj.nexe", "\tsyscall\n");
    const Outcome r = zvalidate("--json " + bad.string());
    EXPECT_EQ(r.status, 1);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["file"], bad.string());
    EXPECT_EQ(j["verdict"], "invalid");
    EXPECT_EQ(j["bytes_checked"], 32);
    ASSERT_EQ(j["violations"].size(), 1u);
    EXPECT_EQ(j["violations"][0]["address"], "0x20000");
    EXPECT_EQ(j["violations"][0]["bytes"], "0f 05");
    EXPECT_EQ(j["violations"][0]["disassembly"], "syscall");
    EXPECT_EQ(j["violations"][0]["rule"], "R2-forbidden");
    EXPECT_TRUE(j["seconds"].is_number());
}

TEST(Zvalidate, Raw) {
    const fs::path raw = test::scratch_dir() / "code.bin";
    {
        std::vector<uint8_t> code(32, 0xF4);
        code[0] = 0x67, code[1] = 0x8B, code[2] = 0x00; // movl (%eax), %eax
        std::ofstream(raw, std::ios::binary).write(reinterpret_cast<const char*>(code.data()), 32);
    }
    EXPECT_EQ(zvalidate("--raw --base 0x40000 " + raw.string()).status, 0);
    const Outcome r = zvalidate("--raw --base 0x40010 " + raw.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("[R1-bundle]"), std::string::npos) << r.out;
    EXPECT_EQ(zvalidate("--raw --base nonsense " + raw.string()).status, 2);
}

TEST(Zvalidate, Cache) {
    const fs::path good = write_nexe("goodc.nexe", "\tnop\n");
    const fs::path dir = test::scratch_dir() / "zvalidate-cache";
    EXPECT_EQ(zvalidate("--cache-dir " + dir.string() + " " + good.string()).status, 0);
    EXPECT_EQ(zvalidate("--cache-dir " + dir.string() + " " + good.string()).status, 0);
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++entries;
    EXPECT_EQ(entries, 1u);
}

} // namespace
} // namespace zvm::validator
