// A zapp (docs/zapp.md): an uncompressed ustar/pax archive holding
//   manifest        optional: a ZeroVM manifest (Version, Program, Timeout, Memory,
//                   Environment; no Channel and no Image lines: those are the runner's)
//   program.nexe    the nexe, or the member the manifest's Program names
//   image/...       the read-only image, mounted at / (image/etc/x is /etc/x)
// Read in place: the nexe and the image's files are spans into the archive's bytes.
// A zapp that is a mapping of its file is read with the file at hand (read_zapp's `fd`):
// its headers and manifest then come from the file itself (see image::read_tar), and the
// caller copies the nexe out of the file before validating it (runtime/run_setup.cpp).
#pragma once

#include "runtime/image/tar_reader.h"
#include "runtime/manifest.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zvm::runtime {

inline constexpr char kZappManifest[] = "manifest";
inline constexpr char kZappProgram[] = "program.nexe";
inline constexpr char kZappImage[] = "image";

// True when `bytes` start with a tar header (the ustar magic), i.e. this is a zapp.
bool looks_like_tar(std::span<const uint8_t> bytes);

struct Zapp {
    std::vector<image::TarEntry> entries; // all members; the image is those under image/
    std::optional<Manifest> manifest;
    std::string program;           // the nexe's member name
    std::span<const uint8_t> nexe; // its bytes, inside the archive
};

// Indexes the archive and finds its manifest and nexe. On failure returns false and sets
// *error naming the member, line or tar offset. `fd` >= 0: `archive` is a mapping of this
// open file, from which the headers and the manifest are read (image::read_tar).
bool read_zapp(std::span<const uint8_t> archive, Zapp* zapp, std::string* error, int fd = -1);

} // namespace zvm::runtime
