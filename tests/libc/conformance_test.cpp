// The conformance driver: each case runs natively and under `zvm run`; standard output and
// exit status must be identical byte for byte (tests/libc/CMakeLists.txt says how each side is
// built).
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
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

// `zvm run [options] nexe [-- args]`.
std::vector<std::string> sandboxCommand(const std::string& nexe,
                                        const std::vector<std::string>& args,
                                        const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv{ZVM_BINARY, "run"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(nexe);
    if (!args.empty()) argv.push_back("--");
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// Runs both commands with the same standard input and compares their output and exit status.
void expectSameRun(const std::vector<std::string>& nativeArgv,
                   const std::vector<std::string>& sandboxArgv, const std::string& input) {
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
    expectSameRun({std::string(LIBC_NATIVE_DIR) + "/" + name},
                  sandboxCommand(std::string(LIBC_NEXE_DIR) + "/libc_" + name + ".nexe", {}),
                  input);
}

INSTANTIATE_TEST_SUITE_P(Cases, LibcCase, ::testing::ValuesIn(split(LIBC_CASES)),
                         [](const auto& info) { return info.param; });

// Cases that read a file tree: natively from its folder on the host, in the sandbox from the
// same tree packed into the read-only image at / (tests/libc/image/make_tree.cmake).
class LibcImageCase : public ::testing::TestWithParam<std::string> {};

TEST_P(LibcImageCase, SameOutputAsNative) {
    const std::string name = GetParam();
    expectSameRun({std::string(LIBC_NATIVE_DIR) + "/" + name, LIBC_IMAGE_TREE},
                  sandboxCommand(std::string(LIBC_NEXE_DIR) + "/libc_" + name + ".nexe", {"/"},
                                 {"--image", LIBC_IMAGE_TAR}),
                  "");
}

INSTANTIATE_TEST_SUITE_P(Image, LibcImageCase, ::testing::ValuesIn(split(LIBC_IMAGE_CASES)),
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
    expectSameRun({LUA_NATIVE, "-"}, sandboxCommand(LUA_NEXE, {"-"}), script);
}
INSTANTIATE_TEST_SUITE_P(Lua, LuaScript, ::testing::ValuesIn(scripts("lua", ".lua")),
                         [](const auto& info) { return info.param; });

// The sqlite3 shell on an in-memory database, SQL on standard input.
class SqliteScript : public ::testing::TestWithParam<std::string> {};
TEST_P(SqliteScript, SameOutputAsNative) {
    std::string sql = readFile(fs::path(LIBC_SOURCE_DIR) / "sqlite" / (GetParam() + ".sql"));
    expectSameRun({SQLITE_NATIVE, "-batch"}, sandboxCommand(SQLITE_NEXE, {"-batch"}), sql);
}
INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteScript, ::testing::ValuesIn(scripts("sqlite", ".sql")),
                         [](const auto& info) { return info.param; });

// The shell querying a database file (tests/libc/sqlite_db): natively from the host file, in the
// sandbox from the read-only image; opened read-only, once with SQLite's locking (the runtime
// grants read locks on image files) and once immutable (no locks, no journal lookups).
class SqliteImageQuery : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};
TEST_P(SqliteImageQuery, SameOutputAsNative) {
    const auto& [query, uri] = GetParam();
    std::string sql =
        readFile(fs::path(LIBC_SOURCE_DIR) / "sqlite_db" / "queries" / (query + ".sql"));
    expectSameRun({SQLITE_NATIVE, "-batch", "-readonly", "file:" SQLITE_DB_FILE + uri},
                  sandboxCommand(SQLITE_NEXE, {"-batch", "-readonly", "file:/test.db" + uri},
                                 {"--image", SQLITE_DB_TAR}),
                  sql);
}
INSTANTIATE_TEST_SUITE_P(SqliteImage, SqliteImageQuery,
                         ::testing::Combine(::testing::ValuesIn(scripts("sqlite_db/queries",
                                                                        ".sql")),
                                            ::testing::Values("", "?immutable=1")),
                         [](const auto& info) {
                             return std::get<0>(info.param) +
                                    (std::get<1>(info.param).empty() ? "_locking" : "_immutable");
                         });
#endif

} // namespace
} // namespace zvm::test
