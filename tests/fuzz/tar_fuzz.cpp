// Fuzz target of the tar reader and the image built from it (runtime/image), and of the
// zapp reader: any bytes must give entries or an error, never a crash, and every name the
// archive mentions must resolve (or fail) without leaving the tree. Reading the headers
// from the archive's file (read_tar's and read_zapp's fd) must give the same result as
// reading them from the bytes.
#include "runtime/image/image_fs.h"
#include "runtime/image/tar_reader.h"
#include "runtime/zapp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace zvm::runtime;

namespace {

// A file holding `bytes` (closed by the caller), or -1.
int file_of(std::span<const uint8_t> bytes) {
    const int fd = memfd_create("tar_fuzz", MFD_CLOEXEC);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += static_cast<size_t>(n);
    }
    return fd;
}

bool same_entries(const std::vector<image::TarEntry>& a, const std::vector<image::TarEntry>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].name != b[i].name || a[i].linkname != b[i].linkname ||
            a[i].mode != b[i].mode || a[i].mtime != b[i].mtime ||
            a[i].header_offset != b[i].header_offset || a[i].data.data() != b[i].data.data() ||
            a[i].data.size() != b[i].data.size())
            return false;
    }
    return true;
}

// The headers read from a file of the same bytes give the same entries or error.
void check_file_reading(std::span<const uint8_t> bytes, bool ok,
                        const std::vector<image::TarEntry>& entries, const std::string& error) {
    const int fd = file_of(bytes);
    if (fd < 0) return;
    std::vector<image::TarEntry> from_file;
    std::string file_error;
    const bool file_ok = image::read_tar(bytes, &from_file, &file_error, fd);
    if (file_ok != ok || (ok ? !same_entries(entries, from_file) : file_error != error))
        std::abort();
    Zapp zapp, zapp_from_file;
    std::string zapp_error, zapp_file_error;
    const bool zapp_ok = read_zapp(bytes, &zapp, &zapp_error);
    if (read_zapp(bytes, &zapp_from_file, &zapp_file_error, fd) != zapp_ok ||
        zapp_error != zapp_file_error || zapp.nexe.data() != zapp_from_file.nexe.data() ||
        zapp.manifest.has_value() != zapp_from_file.manifest.has_value() ||
        (zapp.manifest && zapp.manifest->environment != zapp_from_file.manifest->environment))
        std::abort();
    close(fd);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    std::vector<image::TarEntry> entries;
    std::string error;
    const bool ok = image::read_tar(bytes, &entries, &error);
    check_file_reading(bytes, ok, entries, error);
    if (!ok) {
        if (error.empty()) std::abort();
        return 0;
    }
    for (const auto& e : entries) {
        if (e.type == image::TarEntry::Type::kFile &&
            (e.data.data() < data || e.data.data() + e.data.size() > data + size))
            std::abort(); // file data must lie inside the archive
    }
    for (const char* prefix : {"", "image"}) {
        image::ImageFs fs;
        if (!fs.add_tar(entries, prefix, &error)) continue;
        fs.add_device("/dev/stdout", 1, &error);
        for (const auto& e : entries) {
            for (const std::string* path : {&e.name, &e.linkname}) {
                for (const bool follow : {false, true}) {
                    const image::Node* node = nullptr;
                    if (fs.resolve(fs.root(), *path, follow, &node) == 0 && node->is_dir())
                        (void)fs.path_of(node);
                }
            }
        }
    }
    Zapp zapp;
    (void)read_zapp(bytes, &zapp, &error);
    return 0;
}
