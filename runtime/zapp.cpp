#include "runtime/zapp.h"

#include "runtime/file_read.h"
#include "runtime/image/image_fs.h"
#include "runtime/text.h"

#include <cstring>

namespace zvm::runtime {
namespace {

// A member's name normalised ("./a//b" -> "a/b"), or "" when it is not a valid path.
std::string normalised(std::string_view name) {
    std::vector<std::string> parts;
    std::string why;
    if (!image::split_member_path(name, &parts, &why)) return "";
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "/") + p;
    return out;
}

const image::TarEntry* find_member(const std::vector<image::TarEntry>& entries,
                                   const std::string& name) {
    const image::TarEntry* found = nullptr;
    for (const auto& e : entries) {
        if (normalised(e.name) == name) found = &e; // the last one, as tar extracts
    }
    return found;
}

} // namespace

bool looks_like_tar(std::span<const uint8_t> bytes) {
    return bytes.size() >= image::kTarBlock && std::memcmp(bytes.data() + 257, "ustar", 5) == 0;
}

bool read_zapp(std::span<const uint8_t> archive, Zapp* zapp, std::string* error, int fd) {
    Zapp z;
    if (!image::read_tar(archive, &z.entries, error, fd)) return false;
    if (const image::TarEntry* m = find_member(z.entries, kZappManifest)) {
        if (m->type != image::TarEntry::Type::kFile) {
            *error = "the member 'manifest' is not a regular file";
            return false;
        }
        if (m->data.size() > kMaxManifestSize) {
            *error = strprintf("the member 'manifest' is %zu bytes (at most %zu)", m->data.size(),
                               kMaxManifestSize);
            return false;
        }
        // The manifest's bytes are its text: read from the file when there is one.
        std::string text;
        std::string why;
        if (fd < 0) {
            text.assign(reinterpret_cast<const char*>(m->data.data()), m->data.size());
        } else {
            text.resize(m->data.size());
            const auto offset = static_cast<uint64_t>(m->data.data() - archive.data());
            if (!pread_exactly(fd, offset, reinterpret_cast<uint8_t*>(text.data()), text.size(),
                               &why)) {
                *error = "reading the member 'manifest': " + why;
                return false;
            }
        }
        Manifest manifest;
        if (!parse_manifest(text, &manifest, &why)) {
            *error = "manifest:" + why;
            return false;
        }
        if (!manifest.channels.empty()) {
            *error = strprintf("manifest:%d: a zapp's manifest may not declare channels (give "
                               "them to zvm run with --channel or --manifest)",
                               manifest.channel_lines[0]);
            return false;
        }
        if (manifest.image) {
            *error = "manifest: a zapp's manifest may not name an Image (the zapp's image is "
                     "its image/ folder)";
            return false;
        }
        z.manifest = std::move(manifest);
    }
    const std::string wanted =
        z.manifest && z.manifest->program ? *z.manifest->program : kZappProgram;
    z.program = normalised(wanted);
    if (z.program.empty()) {
        *error = "manifest: Program '" + wanted + "' is not a member name";
        return false;
    }
    const image::TarEntry* nexe = find_member(z.entries, z.program);
    if (nexe == nullptr || nexe->type != image::TarEntry::Type::kFile) {
        *error = "no regular member '" + z.program + "' (the nexe)";
        return false;
    }
    z.nexe = nexe->data;
    *zapp = std::move(z);
    return true;
}

} // namespace zvm::runtime
