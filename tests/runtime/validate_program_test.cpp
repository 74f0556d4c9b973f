// zvm run's validation through the validation cache (runtime/validate_program.h), end to
// end: a second run takes the verdict from the cache (the ZVM_TRACE_STARTUP phase
// "validate-cached"), a changed byte misses, a corrupt entry is ignored and rewritten, a
// rejected nexe is rejected with its violations every time, --no-cache and the default
// directory, and a cache that cannot be written is no error.
#include "tests/support/subprocess.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace zvm::test {
namespace {

namespace fs = std::filesystem;

std::string test_nexe(const std::string& name) {
    return std::string(ZVM_TEST_PROGRAMS) + "/" + name + ".nexe";
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The cache's entries (files) in `dir`.
std::vector<fs::path> entries_of(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        files.push_back(e.path());
    return files;
}

// Which validation phase the start-up trace names: "validate", "validate-cached" or "".
std::string validation_phase(const std::string& err) {
    if (err.find(" validate-cached ") != std::string::npos) return "validate-cached";
    if (err.find(" validate ") != std::string::npos) return "validate";
    return "";
}

class ValidateProgram : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(testing::TempDir()) /
               ("zvm-validate-program-" + std::to_string(getpid()) + "-" +
                testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        cache_ = dir_ / "cache";
        setenv("ZVM_TRACE_STARTUP", "1", 1);
        unsetenv("ZVM_CACHE_DIR");
    }
    void TearDown() override {
        unsetenv("ZVM_TRACE_STARTUP");
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    // zvm run [OPTIONS...] NEXE
    CommandResult run(const std::string& nexe, std::vector<std::string> options) {
        std::vector<std::string> argv = {ZVM_BINARY, "run"};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.push_back(nexe);
        return run_command(argv);
    }
    CommandResult run_cached(const std::string& nexe) {
        return run(nexe, {"--cache-dir", cache_.string()});
    }
    fs::path dir_, cache_;
};

TEST_F(ValidateProgram, SecondRunHitsTheCache) {
    const CommandResult first = run_cached(test_nexe("hello"));
    ASSERT_EQ(first.exit_status, 0) << first.err;
    EXPECT_EQ(first.out, "hello, sandbox\n");
    EXPECT_EQ(validation_phase(first.err), "validate") << first.err;
    ASSERT_EQ(entries_of(cache_).size(), 1u);
    const std::string entry = read_text(entries_of(cache_)[0]);
    EXPECT_NE(entry.find("\nvalid\n"), std::string::npos) << entry;

    const CommandResult second = run_cached(test_nexe("hello"));
    ASSERT_EQ(second.exit_status, 0) << second.err;
    EXPECT_EQ(second.out, "hello, sandbox\n");
    EXPECT_EQ(validation_phase(second.err), "validate-cached") << second.err;
    EXPECT_EQ(entries_of(cache_).size(), 1u);
}

TEST_F(ValidateProgram, AChangedByteMisses) {
    ASSERT_EQ(run_cached(test_nexe("hello")).exit_status, 0);
    // The same program with one byte of its message changed: still valid, another key.
    std::string bytes = read_text(test_nexe("hello"));
    const size_t at = bytes.find("hello, sandbox");
    ASSERT_NE(at, std::string::npos);
    bytes[at] = 'j';
    const fs::path changed = dir_ / "changed.nexe";
    std::ofstream(changed, std::ios::binary) << bytes;
    const CommandResult r = run_cached(changed.string());
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "jello, sandbox\n");
    EXPECT_EQ(validation_phase(r.err), "validate") << r.err;
    EXPECT_EQ(entries_of(cache_).size(), 2u);
}

TEST_F(ValidateProgram, ACorruptEntryIsIgnoredAndRewritten) {
    ASSERT_EQ(run_cached(test_nexe("hello")).exit_status, 0);
    ASSERT_EQ(entries_of(cache_).size(), 1u);
    const fs::path entry = entries_of(cache_)[0];
    const std::string good = read_text(entry);
    for (const std::string& corrupt : {std::string("garbage\n"), std::string(),
                                       good.substr(0, good.size() / 2), good + "valid\n"}) {
        std::ofstream(entry, std::ios::binary | std::ios::trunc) << corrupt;
        const CommandResult r = run_cached(test_nexe("hello"));
        ASSERT_EQ(r.exit_status, 0) << r.err;
        EXPECT_EQ(r.out, "hello, sandbox\n");
        EXPECT_EQ(validation_phase(r.err), "validate") << "corrupt entry [" << corrupt << "]";
        EXPECT_EQ(read_text(entry), good) << "the entry was not rewritten";
        EXPECT_EQ(validation_phase(run_cached(test_nexe("hello")).err), "validate-cached");
    }
}

TEST_F(ValidateProgram, ARejectedNexeIsRejectedWithItsViolationsEveryTime) {
    for (int i = 0; i < 2; ++i) {
        const CommandResult r = run_cached(test_nexe("bad_addr32"));
        EXPECT_EQ(r.exit_status, 126) << r.err;
        EXPECT_NE(r.err.find("R3-addr32"), std::string::npos) << "run " << i << ": " << r.err;
        EXPECT_EQ(validation_phase(r.err), "") << "the program must not have started";
    }
    // No verdict is stored for a rejected nexe: it is validated (and explained) each time.
    EXPECT_TRUE(entries_of(cache_).empty());
}

TEST_F(ValidateProgram, NoCacheNeitherReadsNorWrites) {
    const CommandResult r = run(test_nexe("hello"), {"--no-cache", "--cache-dir", cache_.string()});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(validation_phase(r.err), "validate");
    EXPECT_FALSE(fs::exists(cache_));
    // Filled by a run with the cache, and then still not read with --no-cache.
    ASSERT_EQ(run_cached(test_nexe("hello")).exit_status, 0);
    const CommandResult again =
        run(test_nexe("hello"), {"--no-cache", "--cache-dir", cache_.string()});
    EXPECT_EQ(validation_phase(again.err), "validate");
}

TEST_F(ValidateProgram, DefaultDirectoryIsUnderXdgCacheHome) {
    const char* saved = std::getenv("XDG_CACHE_HOME");
    const std::string keep = saved ? saved : "";
    setenv("XDG_CACHE_HOME", dir_.c_str(), 1);
    const CommandResult first = run(test_nexe("hello"), {});
    const CommandResult second = run(test_nexe("hello"), {});
    if (saved)
        setenv("XDG_CACHE_HOME", keep.c_str(), 1);
    else
        unsetenv("XDG_CACHE_HOME");
    ASSERT_EQ(first.exit_status, 0) << first.err;
    EXPECT_EQ(entries_of(dir_ / "zvm").size(), 1u);
    EXPECT_EQ(validation_phase(second.err), "validate-cached") << second.err;
    EXPECT_EQ(fs::status(dir_ / "zvm").permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(ValidateProgram, AnUnwritableCacheIsNoError) {
    // A regular file where the directory should be: nothing can be stored under it.
    const fs::path file = dir_ / "not-a-directory";
    std::ofstream(file) << "x";
    for (int i = 0; i < 2; ++i) {
        const CommandResult r = run(test_nexe("hello"), {"--cache-dir", (file / "cache").string()});
        ASSERT_EQ(r.exit_status, 0) << r.err;
        EXPECT_EQ(r.out, "hello, sandbox\n");
        EXPECT_EQ(validation_phase(r.err), "validate");
    }
}

} // namespace
} // namespace zvm::test
