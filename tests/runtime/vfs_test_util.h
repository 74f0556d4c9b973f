// Helpers of the end-to-end tests of the image, channels, manifests and zapps: running
// zvm, a scratch directory, writing tar archives (with libarchive, or block by block for
// hostile ones).
#pragma once

#include "tests/support/subprocess.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace zvm::test {

inline std::string c_nexe(const std::string& name) {
    return std::string(ZVM_TEST_C_PROGRAMS) + "/" + name + ".nexe";
}
inline std::string asm_nexe(const std::string& name) {
    return std::string(ZVM_TEST_PROGRAMS) + "/" + name + ".nexe";
}

inline CommandResult zvm(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), ZVM_BINARY);
    return run_command(args, input);
}

// A fresh directory per test, removed at the end.
class ScratchDir {
  public:
    ScratchDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        // One path component: a parameterized test's names hold '/' ("Image/HostileImage",
        // "Case/0"), which would leave the directories above the last one behind.
        std::string leaf = "zvm_vfs_" + std::to_string(getpid()) + "_" + info->test_suite_name() +
                           "_" + info->name();
        std::replace(leaf.begin(), leaf.end(), '/', '_');
        path_ = std::filesystem::path(::testing::TempDir()) / leaf;
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& data) const {
        const std::string p = file(name);
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream(p, std::ios::binary) << data;
        return p;
    }
    std::string read(const std::string& name) const {
        std::ifstream in(file(name), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

  private:
    std::filesystem::path path_;
};

// Writes a tar with libarchive in the given format (ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
// ARCHIVE_FORMAT_TAR_GNUTAR, ARCHIVE_FORMAT_TAR_USTAR).
class TarBuilder {
  public:
    explicit TarBuilder(int format = ARCHIVE_FORMAT_TAR_PAX_RESTRICTED) : format_(format) {}
    TarBuilder& file(const std::string& name, const std::string& data, int mode = 0644) {
        entries_.push_back({name, AE_IFREG, mode, data, "", false});
        return *this;
    }
    TarBuilder& dir(const std::string& name) {
        entries_.push_back({name, AE_IFDIR, 0755, "", "", false});
        return *this;
    }
    TarBuilder& symlink(const std::string& name, const std::string& target) {
        entries_.push_back({name, AE_IFLNK, 0777, "", target, false});
        return *this;
    }
    TarBuilder& hardlink(const std::string& name, const std::string& target) {
        entries_.push_back({name, AE_IFREG, 0644, "", target, true});
        return *this;
    }
    std::string bytes() const {
        archive* a = archive_write_new();
        archive_write_set_format(a, format_);
        archive_write_set_bytes_in_last_block(a, 1);
        std::vector<char> out(1 << 22);
        size_t used = 0;
        archive_write_open_memory(a, out.data(), out.size(), &used);
        for (const auto& e : entries_) {
            archive_entry* en = archive_entry_new();
            archive_entry_set_pathname(en, e.name.c_str());
            archive_entry_set_filetype(en, e.type);
            archive_entry_set_perm(en, e.mode);
            archive_entry_set_mtime(en, 1700000000, 0);
            if (e.hard) {
                archive_entry_set_hardlink(en, e.link.c_str());
                archive_entry_set_size(en, 0);
            } else {
                archive_entry_set_size(en, static_cast<la_int64_t>(e.data.size()));
                if (e.type == AE_IFLNK) archive_entry_set_symlink(en, e.link.c_str());
            }
            EXPECT_EQ(archive_write_header(a, en), ARCHIVE_OK) << archive_error_string(a);
            if (!e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
            archive_entry_free(en);
        }
        archive_write_close(a);
        archive_write_free(a);
        return std::string(out.data(), used);
    }

  private:
    struct Entry {
        std::string name;
        unsigned type;
        int mode;
        std::string data;
        std::string link;
        bool hard;
    };
    int format_;
    std::vector<Entry> entries_;
};

// One raw ustar header block (with a correct checksum unless told otherwise).
inline std::string tar_header(const std::string& name, char type, uint64_t size,
                              const std::string& link = "", bool good_checksum = true,
                              const char* size_field = nullptr) {
    std::string h(512, '\0');
    std::memcpy(&h[0], name.data(), std::min<size_t>(name.size(), 100));
    std::snprintf(&h[100], 8, "%07o", 0644);
    std::snprintf(&h[108], 8, "%07o", 0);
    std::snprintf(&h[116], 8, "%07o", 0);
    if (size_field) {
        std::memcpy(&h[124], size_field, std::min<size_t>(std::strlen(size_field), 12));
    } else {
        std::snprintf(&h[124], 12, "%011llo", static_cast<unsigned long long>(size));
    }
    std::snprintf(&h[136], 12, "%011o", 0);
    h[156] = type;
    std::memcpy(&h[157], link.data(), std::min<size_t>(link.size(), 100));
    std::memcpy(&h[257],
                "ustar\0"
                "00",
                8);
    std::memset(&h[148], ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    if (!good_checksum) sum += 1;
    std::snprintf(&h[148], 8, "%06o", sum);
    h[155] = ' ';
    return h;
}
inline std::string tar_data(const std::string& data) {
    std::string d = data;
    d.resize((data.size() + 511) / 512 * 512, '\0');
    return d;
}
inline std::string tar_end() {
    return std::string(1024, '\0');
}

} // namespace zvm::test
