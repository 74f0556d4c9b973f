// Reading an uncompressed tar archive in place: ustar, pax extended headers (path,
// linkpath, size) and GNU long names ('L', 'K'). The reader only indexes: every entry's
// data is a span into the caller's buffer, never a copy (docs/zapp.md, "zero-copy").
//
// Bytes in, entries or one error out; the only I/O is reading the headers from the
// archive's file when one is given. Everything malformed is refused with a message naming
// the byte offset of the header and the entry: bad checksum, truncation (data past the
// end, no end-of-archive marker), numeric fields that are not numbers or overflow,
// malformed pax records, extended headers over kMaxExtendedHeader, unsupported entry types.
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
// The largest data of one extended header ('x', 'L', 'K') accepted.
inline constexpr size_t kMaxExtendedHeader = size_t{1} << 20;

// Indexes `archive`. On failure returns false and sets *error, e.g.
//   "tar offset 1536 (entry 'etc/passwd'): header checksum mismatch"
// `fd` >= 0: `archive` is a mapping of this open file, which others may write. The headers
// and extended headers are then read from `fd` into the reader's own memory (pread) rather
// than from the mapping: nothing can change a header while it is parsed, and a file that
// shrank is an error ("tar offset N: reading the header: the file ends before byte M")
// rather than a SIGBUS. Only the entries' data stay views into the mapping.
bool read_tar(std::span<const uint8_t> archive, std::vector<TarEntry>* entries, std::string* error,
              int fd = -1);

} // namespace zvm::runtime::image
