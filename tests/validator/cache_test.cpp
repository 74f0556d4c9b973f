// The validation cache: keys, entries, corruption, and validate_nexe_cached.
#include "testutil.h"
#include "validator/cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace zvm::validator {
namespace {

namespace fs = std::filesystem;

class Cache : public testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            test::scratch_dir() /
            ("cache-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
    }
    fs::path dir_;
};

std::vector<uint8_t> nexe_of(const char* body) {
    std::string error;
    auto n = test::build_nexe(std::string("\t.text\n\t.globl _start\n_start:\n") + body, &error);
    EXPECT_TRUE(n) << error;
    return n ? *n : std::vector<uint8_t>{};
}

TEST_F(Cache, Version) {
    EXPECT_EQ(validator_version().rfind("zvm-validator/2 table-", 0), 0u) << validator_version();
    EXPECT_EQ(validator_version(), validator_version());
}

TEST_F(Cache, Key) {
    const std::vector<uint8_t> a = {1, 2, 3}, b = {1, 2, 4};
    const std::string ka = ValidationCache::key(a);
    EXPECT_EQ(ka.size(), 64u);
    EXPECT_EQ(ka, ValidationCache::key(a));
    EXPECT_NE(ka, ValidationCache::key(b));
    EXPECT_EQ(ka.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(Cache, StoreAndLookup) {
    const ValidationCache c(dir_);
    const std::string k = ValidationCache::key(std::vector<uint8_t>{9});
    EXPECT_FALSE(c.lookup(k));
    std::string error;
    ASSERT_TRUE(c.store(k, {true, 0x801}, &error)) << error;
    EXPECT_EQ(c.lookup(k), (CachedVerdict{true, 0x801}));
    ASSERT_TRUE(c.store(k, {false, 0}, &error)) << error;
    EXPECT_EQ(c.lookup(k), (CachedVerdict{false, 0}));
    // Only the entry itself is left: the temporary file was renamed into place.
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir_)) {
        ++files;
        EXPECT_EQ(e.path().filename().string(), k);
    }
    EXPECT_EQ(files, 1u);
}

TEST_F(Cache, CorruptAndForeignEntriesAreMisses) {
    const ValidationCache c(dir_);
    const std::string k = ValidationCache::key(std::vector<uint8_t>{7});
    ASSERT_TRUE(c.store(k, {true, 0}));
    const fs::path entry = dir_ / k;
    auto rewrite = [&](const std::string& text) { std::ofstream(entry, std::ios::trunc) << text; };
    std::string good;
    {
        std::ifstream in(entry);
        good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    rewrite("");
    EXPECT_FALSE(c.lookup(k)) << "empty";
    rewrite("garbage\n");
    EXPECT_FALSE(c.lookup(k)) << "bad header";
    const std::string other = ValidationCache::key(std::vector<uint8_t>{8});
    std::string foreign = good;
    foreign.replace(foreign.find(k), k.size(), other);
    rewrite(foreign);
    EXPECT_FALSE(c.lookup(k)) << "entry for another key";
    std::string old_version = good;
    old_version.replace(old_version.find("table-"), 6, "tabel-");
    rewrite(old_version);
    EXPECT_FALSE(c.lookup(k)) << "another validator version";
    std::string bad_verdict = good;
    bad_verdict.replace(bad_verdict.rfind("valid"), 5, "maybe");
    rewrite(bad_verdict);
    EXPECT_FALSE(c.lookup(k)) << "unknown verdict";
    std::string bad_isa = good;
    bad_isa.replace(bad_isa.find("isa "), 5, "isa x");
    rewrite(bad_isa);
    EXPECT_FALSE(c.lookup(k)) << "malformed isa line";
    rewrite(good.substr(0, good.find("isa ")));
    EXPECT_FALSE(c.lookup(k)) << "no isa line (an entry of the previous format)";
    rewrite(good + "extra\n");
    EXPECT_FALSE(c.lookup(k)) << "trailing line";
    rewrite(good.substr(0, good.size() - 3));
    EXPECT_FALSE(c.lookup(k)) << "truncated";
    // A store rewrites it.
    ASSERT_TRUE(c.store(k, {true, 0}));
    EXPECT_EQ(c.lookup(k), (CachedVerdict{true, 0}));
    EXPECT_FALSE(c.lookup("not-a-key"));
}

TEST_F(Cache, ValidateNexeCached) {
    const auto good = nexe_of("\tnop\n");
    bool hit = true;
    NexeResult r = validate_nexe_cached(good, dir_, {}, &hit);
    EXPECT_TRUE(r.valid());
    EXPECT_FALSE(hit);
    r = validate_nexe_cached(good, dir_, {}, &hit);
    EXPECT_TRUE(r.valid());
    EXPECT_TRUE(hit);
    EXPECT_EQ(r.nexe.text_vaddr, 0x20000u);
    EXPECT_EQ(r.nexe.text_size, 32u);
    EXPECT_FALSE(r.nexe.segments.empty());

    // Rejected nexes are not cached: validated again, violations reported each time.
    const auto bad = nexe_of("\tsyscall\n");
    for (int i = 0; i < 2; ++i) {
        r = validate_nexe_cached(bad, dir_, {}, &hit);
        EXPECT_FALSE(r.valid());
        EXPECT_FALSE(hit);
        ASSERT_EQ(r.result.violations.size(), 1u);
        EXPECT_EQ(r.result.violations[0].rule, Rule::Forbidden);
    }
    EXPECT_FALSE(ValidationCache(dir_).lookup(ValidationCache::key(bad)));

    // A forged "valid" entry for a nexe whose ELF rules fail does not make it valid.
    auto dynamic = good;
    reinterpret_cast<uint16_t*>(dynamic.data())[8] = 3; // e_type = ET_DYN
    ASSERT_TRUE(ValidationCache(dir_).store(ValidationCache::key(dynamic), {true, 0}));
    r = validate_nexe_cached(dynamic, dir_, {}, &hit);
    EXPECT_FALSE(r.valid());
    EXPECT_FALSE(hit);
}

TEST_F(Cache, ADirectoryOthersCanWriteIsNotTrusted) {
    // An entry forged for a nexe the validator rejects, in a directory anyone may write.
    const auto bad = nexe_of("\tmovl (%rax), %eax\n");
    const std::string k = ValidationCache::key(bad);
    const ValidationCache c(dir_);
    std::string error;
    ASSERT_TRUE(c.store(k, {true, 0}, &error)) << error;
    EXPECT_TRUE(c.lookup(k));
    fs::permissions(dir_, fs::perms::all);
    EXPECT_FALSE(c.lookup(k));
    EXPECT_FALSE(c.store(k, {true, 0}, &error));
    EXPECT_NE(error.find("writable by its group or others"), std::string::npos) << error;
    bool hit = true;
    EXPECT_FALSE(validate_nexe_cached(bad, dir_, {}, &hit).valid());
    EXPECT_FALSE(hit);
    fs::permissions(dir_, fs::perms::owner_all);
    EXPECT_TRUE(c.lookup(k)); // private again: trusted again
    EXPECT_TRUE(validate_nexe_cached(bad, dir_, {}, &hit).valid());
    EXPECT_TRUE(hit);
}

TEST_F(Cache, AnEntryThatIsASymbolicLinkIsAMiss) {
    const ValidationCache c(dir_);
    const std::string k = ValidationCache::key(std::vector<uint8_t>{7});
    const std::string other = ValidationCache::key(std::vector<uint8_t>{8});
    std::string error;
    ASSERT_TRUE(c.store(other, {true, 0}, &error)) << error;
    // A valid entry's text under k's name, reached through a link: not followed.
    std::ifstream in(dir_ / other);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = text.find(other);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, other.size(), k);
    std::ofstream(dir_ / "elsewhere") << text;
    fs::create_symlink(dir_ / "elsewhere", dir_ / k);
    EXPECT_FALSE(c.lookup(k));
    fs::remove(dir_ / k);
    fs::rename(dir_ / "elsewhere", dir_ / k);
    EXPECT_TRUE(c.lookup(k)); // the same text as a plain file is an entry
}

TEST_F(Cache, ADirectoryOfAnotherUserIsNotTrusted) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give the directory to another user";
    const ValidationCache c(dir_);
    const std::string k = ValidationCache::key(std::vector<uint8_t>{6});
    std::string error;
    ASSERT_TRUE(c.store(k, {true, 0}, &error)) << error;
    ASSERT_EQ(chown(dir_.c_str(), 12345, 12345), 0);
    EXPECT_FALSE(c.lookup(k));
    EXPECT_FALSE(c.store(k, {true, 0}, &error));
    EXPECT_NE(error.find("belongs to uid 12345"), std::string::npos) << error;
}

TEST_F(Cache, UnwritableDirectoryStillValidates) {
    const auto good = nexe_of("\tnop\n");
    bool hit = true;
    const NexeResult r = validate_nexe_cached(good, "/proc/zvm-no-such-dir", {}, &hit);
    EXPECT_TRUE(r.valid());
    EXPECT_FALSE(hit);
}

TEST_F(Cache, DefaultDirectory) {
    const char* saved[3] = {std::getenv("ZVM_CACHE_DIR"), std::getenv("XDG_CACHE_HOME"),
                            std::getenv("HOME")};
    const std::string keep[3] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "",
                                 saved[2] ? saved[2] : ""};
    setenv("ZVM_CACHE_DIR", "/a/b", 1);
    setenv("XDG_CACHE_HOME", "/x", 1);
    setenv("HOME", "/h", 1);
    EXPECT_EQ(default_cache_dir(), fs::path("/a/b"));
    unsetenv("ZVM_CACHE_DIR");
    EXPECT_EQ(default_cache_dir(), fs::path("/x/zvm"));
    unsetenv("XDG_CACHE_HOME");
    EXPECT_EQ(default_cache_dir(), fs::path("/h/.cache/zvm"));
    const char* names[3] = {"ZVM_CACHE_DIR", "XDG_CACHE_HOME", "HOME"};
    for (int i = 0; i < 3; ++i) {
        if (saved[i])
            setenv(names[i], keep[i].c_str(), 1);
        else
            unsetenv(names[i]);
    }
}

} // namespace
} // namespace zvm::validator
