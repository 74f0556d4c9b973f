// Fuzz target of the tar reader and the image built from it (runtime/image), and of the
// zapp reader: any bytes must give entries or an error, never a crash, and every name the
// archive mentions must resolve (or fail) without leaving the tree.
#include "runtime/image/image_fs.h"
#include "runtime/image/tar_reader.h"
#include "runtime/zapp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

using namespace zvm::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    std::vector<image::TarEntry> entries;
    std::string error;
    if (!image::read_tar(bytes, &entries, &error)) {
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
