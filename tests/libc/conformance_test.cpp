// The conformance driver: each case runs natively and under `zvm run`; standard output and
// exit status must be identical byte for byte (tests/libc/CMakeLists.txt says how each side is
// built).
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace zvm::test {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

// Runs `native` and `zvm run nexe` with the same arguments and standard input and compares.
void expectSameRun(const std::string& native, const std::string& nexe,
                   const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> nativeArgv{native};
    std::vector<std::string> sandboxArgv{ZVM_BINARY, "run", nexe};
    if (!args.empty()) sandboxArgv.push_back("--");
    for (const std::string& a : args) {
        nativeArgv.push_back(a);
        sandboxArgv.push_back(a);
    }
    CommandResult want = run_command(nativeArgv, input);
    CommandResult got = run_command(sandboxArgv, input);
    ASSERT_FALSE(want.out.empty()) << "the native run printed nothing: " << want.err;
    EXPECT_EQ(got.exit_status, want.exit_status) << "sandbox stderr:\n" << got.err;
    EXPECT_EQ(got.out.size(), want.out.size());
    if (got.out != want.out) {
        size_t at = 0;
        while (at < got.out.size() && at < want.out.size() && got.out[at] == want.out[at])
            ++at;
        size_t from = want.out.rfind('\n', at == 0 ? 0 : at - 1);
        from = from == std::string::npos ? 0 : from + 1;
        ADD_FAILURE() << "outputs differ at byte " << at
                      << "\nnative:  " << want.out.substr(from, at - from + 120)
                      << "\nsandbox: " << got.out.substr(from, at - from + 120)
                      << "\nsandbox stderr:\n"
                      << got.err;
    }
}

class LibcCase : public ::testing::TestWithParam<std::string> {};

TEST_P(LibcCase, SameOutputAsNative) {
    const std::string name = GetParam();
    fs::path stdinFile = fs::path(LIBC_SOURCE_DIR) / "cases" / (name + ".stdin");
    std::string input = fs::exists(stdinFile) ? readFile(stdinFile) : "";
    expectSameRun(std::string(LIBC_NATIVE_DIR) + "/" + name,
                  std::string(LIBC_NEXE_DIR) + "/libc_" + name + ".nexe", {}, input);
}

INSTANTIATE_TEST_SUITE_P(Cases, LibcCase, ::testing::ValuesIn(split(LIBC_CASES)),
                         [](const auto& info) { return info.param; });

#ifdef LUA_NEXE
std::vector<std::string> scripts(const char* folder, const char* ext) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(fs::path(LIBC_SOURCE_DIR) / folder))
        if (entry.path().extension() == ext) out.push_back(entry.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Lua reads the script from standard input (`lua -`): the sandbox has no files yet.
class LuaScript : public ::testing::TestWithParam<std::string> {};
TEST_P(LuaScript, SameOutputAsNative) {
    std::string script = readFile(fs::path(LIBC_SOURCE_DIR) / "lua" / (GetParam() + ".lua"));
    expectSameRun(LUA_NATIVE, LUA_NEXE, {"-"}, script);
}
INSTANTIATE_TEST_SUITE_P(Lua, LuaScript, ::testing::ValuesIn(scripts("lua", ".lua")),
                         [](const auto& info) { return info.param; });

// The sqlite3 shell on an in-memory database, SQL on standard input.
class SqliteScript : public ::testing::TestWithParam<std::string> {};
TEST_P(SqliteScript, SameOutputAsNative) {
    std::string sql = readFile(fs::path(LIBC_SOURCE_DIR) / "sqlite" / (GetParam() + ".sql"));
    expectSameRun(SQLITE_NATIVE, SQLITE_NEXE, {"-batch"}, sql);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteScript, ::testing::ValuesIn(scripts("sqlite", ".sql")),
                         [](const auto& info) { return info.param; });
#endif

} // namespace
} // namespace zvm::test
