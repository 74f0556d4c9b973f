// Reading a zapp or an image from its file (runtime/run_setup.cpp, image::read_tar with the
// file at hand, MappedFile::copy): the nexe that is validated and loaded is a copy that no
// later write to the file changes, the headers are read from the file (a file that shrank
// is an error, not a fault), and the image's files are left in the file's mapping.
#include "runtime/image/tar_reader.h"
#include "runtime/mapped_file.h"
#include "runtime/run_setup.h"
#include "runtime/zapp.h"
#include "vfs_test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace zvm::test {
namespace {

using runtime::MappedFile;
namespace image = runtime::image;

// An archive with the reader's every kind of header, and more than one read window
// (64 KiB) of them: pax and GNU long names, links, a file larger than a window.
std::string varied_archive(int format) {
    TarBuilder b(format);
    b.file(std::string(150, 'p') + "/long-name.txt", "long\n")
        .dir("d")
        .symlink("d/l", "../a0")
        .file("big", std::string(200 << 10, 'b'));
    for (int i = 0; i < 300; ++i)
        b.file("small/" + std::to_string(i), std::string(static_cast<size_t>(i) * 7, 's'));
    b.hardlink("h", "big");
    return b.bytes();
}

struct OpenArchive {
    explicit OpenArchive(const std::string& path) : fd(open(path.c_str(), O_RDWR | O_CLOEXEC)) {
        std::string error;
        file = MappedFile::from_fd(fd, &error);
        EXPECT_TRUE(file && file->maps_the_file()) << error;
    }
    ~OpenArchive() { close(fd); }
    int fd;
    std::unique_ptr<MappedFile> file;
};

TEST(TarFromItsFile, GivesTheSameEntriesAsFromItsBytes) {
    ScratchDir dir;
    for (const int format : {ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FORMAT_TAR_GNUTAR}) {
        const OpenArchive a(dir.write("a.tar", varied_archive(format)));
        std::vector<image::TarEntry> from_bytes, from_file;
        std::string error;
        ASSERT_TRUE(image::read_tar(a.file->bytes(), &from_bytes, &error)) << error;
        ASSERT_TRUE(image::read_tar(a.file->bytes(), &from_file, &error, a.fd)) << error;
        ASSERT_EQ(from_bytes.size(), 305u); // small/ is implied
        ASSERT_EQ(from_file.size(), from_bytes.size());
        for (size_t i = 0; i < from_bytes.size(); ++i) {
            EXPECT_EQ(from_file[i].name, from_bytes[i].name);
            EXPECT_EQ(from_file[i].linkname, from_bytes[i].linkname);
            EXPECT_EQ(from_file[i].type, from_bytes[i].type);
            EXPECT_EQ(from_file[i].header_offset, from_bytes[i].header_offset);
            EXPECT_EQ(from_file[i].data.data(), from_bytes[i].data.data()); // in the mapping
            EXPECT_EQ(from_file[i].data.size(), from_bytes[i].data.size());
        }
    }
}

TEST(TarFromItsFile, AFileThatShrankIsAnErrorNotAFault) {
    // Its headers read from the mapping, the archive raised SIGBUS in the reader.
    ScratchDir dir;
    const OpenArchive a(dir.write("a.tar", varied_archive(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED)));
    ASSERT_EQ(ftruncate(a.fd, 100 << 10), 0);
    std::vector<image::TarEntry> entries;
    std::string error;
    EXPECT_FALSE(image::read_tar(a.file->bytes(), &entries, &error, a.fd));
    // The first header past the new end: after "big" (its data end at 207360).
    EXPECT_TRUE(error.starts_with("tar offset 207360: reading the header: the file ends before "
                                  "byte "))
        << error;
}

TEST(TarFromItsFile, AnExtendedHeaderOverItsLimitIsRefused) {
    const size_t size = image::kMaxExtendedHeader + 1;
    const std::string tar = tar_header("p", 'x', size) + tar_data(std::string(size, 'x')) +
                            tar_header("a", '0', 0) + tar_end();
    std::vector<image::TarEntry> entries;
    std::string error;
    const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(tar.data()), tar.size());
    EXPECT_FALSE(image::read_tar(bytes, &entries, &error));
    EXPECT_EQ(error, "tar offset 0 (entry 'p'): an extended header of 1048577 bytes (at most "
                     "1048576)");
}

TEST(ZappFromItsFile, AManifestOverItsLimitIsRefused) {
    const size_t size = runtime::kMaxManifestSize + 1;
    const std::string tar =
        tar_header("manifest", '0', size) + tar_data(std::string(size, '\n')) + tar_end();
    runtime::Zapp zapp;
    std::string error;
    const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(tar.data()), tar.size());
    EXPECT_FALSE(runtime::read_zapp(bytes, &zapp, &error));
    EXPECT_EQ(error, "the member 'manifest' is 1048577 bytes (at most 1048576)");
}

// prepare_run of a zapp: the nexe it gives is the program's bytes as they were, whatever is
// written to the file afterwards; the image's files are in the mapping of the file.
TEST(ZappFromItsFile, TheNexeIsACopyThatLaterWritesDoNotChange) {
    ScratchDir dir;
    const std::string nexe(10000, 'n');
    const std::string path =
        dir.write("a.zapp", tar_header("program.nexe", '0', nexe.size()) + tar_data(nexe) +
                                tar_header("image/f", '0', 3) + tar_data("abc") + tar_end());
    runtime::RunOptions options;
    options.program = path;
    runtime::PreparedRun prepared;
    ASSERT_EQ(runtime::prepare_run(options, &prepared), 0);
    ASSERT_TRUE(prepared.image_file);
    EXPECT_EQ(prepared.image_path, path);
    const auto image = prepared.image_file->bytes();
    EXPECT_TRUE(prepared.image_file->maps_the_file());
    EXPECT_FALSE(prepared.nexe.data() >= image.data() &&
                 prepared.nexe.data() < image.data() + image.size());

    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(pwrite(fd, std::string(nexe.size(), 'X').data(), nexe.size(), 512),
              static_cast<ssize_t>(nexe.size()));
    ASSERT_EQ(ftruncate(fd, 0), 0);
    ASSERT_EQ(ftruncate(fd, 20000), 0); // the old pages of a mapping would now read zeros
    close(fd);
    EXPECT_EQ(
        std::string(reinterpret_cast<const char*>(prepared.nexe.data()), prepared.nexe.size()),
        nexe);
}

TEST(ZappFromItsFile, APlainNexeIsACopyToo) {
    ScratchDir dir;
    const std::string bytes(5000, 'e');
    const std::string path = dir.write("a.nexe", bytes);
    runtime::RunOptions options;
    options.program = path;
    runtime::PreparedRun prepared;
    ASSERT_EQ(runtime::prepare_run(options, &prepared), 0);
    EXPECT_FALSE(prepared.image_file);
    ASSERT_EQ(truncate(path.c_str(), 0), 0);
    EXPECT_EQ(
        std::string(reinterpret_cast<const char*>(prepared.nexe.data()), prepared.nexe.size()),
        bytes);
}

} // namespace
} // namespace zvm::test
