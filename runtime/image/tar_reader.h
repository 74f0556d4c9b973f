// Reading an uncompressed tar archive in place: ustar, pax extended headers (path,
// linkpath, size) and GNU long names ('L', 'K'). The reader only indexes: every entry's
// data is a span into the caller's buffer, never a copy (docs/zapp.md, "zero-copy").
//
// Pure: bytes in, entries or one error out; no I/O. Everything malformed is refused with
// a message naming the byte offset of the header and the entry: bad checksum, truncation
// (data past the end, no end-of-archive marker), numeric fields that are not numbers or
// overflow, malformed pax records, unsupported entry types.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zvm::runtime::image {

struct TarEntry {
    enum class Type : uint8_t { kFile, kDirectory, kSymlink, kHardlink };
    Type type = Type::kFile;
    std::string name;           // as stored (pax path or GNU long name if present), not normalised
    std::string linkname;       // symlink target or hard link's target path
    uint32_t mode = 0;          // permission bits (07777)
    int64_t mtime = 0;          // seconds since the epoch
    uint64_t header_offset = 0; // offset of the entry's first header (for messages)
    std::span<const uint8_t> data; // regular files: the contents, inside the archive
};

inline constexpr size_t kTarBlock = 512;

// Indexes `archive`. On failure returns false and sets *error, e.g.
//   "tar offset 1536 (entry 'etc/passwd'): header checksum mismatch"
bool read_tar(std::span<const uint8_t> archive, std::vector<TarEntry>* entries, std::string* error);

} // namespace zvm::runtime::image
