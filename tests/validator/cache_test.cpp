// The validation cache: keys, entries, corruption, and validate_nexe_cached.
#include "testutil.h"
#include "validator/cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

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
