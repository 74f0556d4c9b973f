#include "runtime/image/tar_reader.h"

#include "runtime/file_read.h"
#include "runtime/text.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

namespace zvm::runtime::image {
namespace {

// The ustar header's fields: offset and length.
struct Field {
    size_t offset;
    size_t length;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr size_t kTypeflag = 156;
constexpr Field kLinkname{157, 100};
constexpr Field kMagic{257, 8}; // magic[6] and version[2]
constexpr Field kPrefix{345, 155};

std::string_view field_text(const uint8_t* block, Field f) {
    // A header block is plain bytes; viewing them as chars is how every tar field is defined.
    const char* p = reinterpret_cast<const char*>(block + f.offset);
    return {p, strnlen(p, f.length)};
}

// A numeric field: octal digits (leading spaces allowed) ended by a space or NUL, or GNU's
// base-256 (first byte 0x80, big-endian). nullopt when it is neither or overflows int64.
std::optional<uint64_t> parse_number(const uint8_t* block, Field f) {
    const uint8_t* p = block + f.offset;
    if (p[0] == 0x80) {
        uint64_t v = 0;
        for (size_t i = 1; i < f.length; ++i) {
            if (v > (std::numeric_limits<uint64_t>::max() >> 8)) return std::nullopt;
            v = (v << 8) | p[i];
        }
        if (v > uint64_t{std::numeric_limits<int64_t>::max()}) return std::nullopt;
        return v;
    }
    size_t i = 0;
    while (i < f.length && p[i] == ' ')
        ++i;
    uint64_t v = 0;
    for (; i < f.length && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v > (uint64_t{std::numeric_limits<int64_t>::max()} >> 3)) return std::nullopt;
        v = (v << 3) | (p[i] - '0');
    }
    for (; i < f.length; ++i) { // the terminator: spaces and NULs only
        if (p[i] != ' ' && p[i] != 0) return std::nullopt;
    }
    return v;
}

bool is_zero_block(const uint8_t* block) {
    return std::all_of(block, block + kTarBlock, [](uint8_t b) { return b == 0; });
}

// The checksum is the sum of the header's bytes with the checksum field read as spaces;
// historic writers summed signed chars, so both sums are accepted.
bool checksum_ok(const uint8_t* block) {
    const auto stored = parse_number(block, kChecksum);
    if (!stored) return false;
    uint64_t unsigned_sum = 0;
    int64_t signed_sum = 0;
    for (size_t i = 0; i < kTarBlock; ++i) {
        const bool in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length;
        const uint8_t b = in_field ? ' ' : block[i];
        unsigned_sum += b;
        signed_sum += static_cast<int8_t>(b);
    }
    return *stored == unsigned_sum || static_cast<int64_t>(*stored) == signed_sum;
}

std::optional<uint64_t> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

// What extended headers ('x', 'L', 'K') say about the next entry.
struct Pending {
    std::optional<std::string> path;
    std::optional<std::string> linkpath;
    std::optional<uint64_t> size;
    std::optional<int64_t> mtime;
    std::optional<uint64_t> first_offset; // of the first extended header
    bool any() const { return first_offset.has_value(); }
};

// Parses pax records "LEN KEY=VALUE\n" into *pending; returns an error text or "".
std::string parse_pax(std::span<const uint8_t> data, Pending* pending) {
    // Pax data is text: records of chars.
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t space = text.find(' ', pos);
        if (space == std::string_view::npos)
            return strprintf("pax record at +%zu has no length", pos);
        const auto len = parse_decimal(text.substr(pos, space - pos));
        if (!len || *len <= space - pos + 1 || *len > text.size() - pos)
            return strprintf("pax record at +%zu has a bad length", pos);
        const std::string_view record = text.substr(space + 1, pos + *len - space - 1);
        if (record.back() != '\n')
            return strprintf("pax record at +%zu does not end in a newline", pos);
        const size_t eq = record.find('=');
        if (eq == 0 || eq == std::string_view::npos)
            return strprintf("pax record at +%zu has no key=value", pos);
        const std::string_view key = record.substr(0, eq);
        const std::string_view value = record.substr(eq + 1, record.size() - eq - 2);
        if (key == "path" || key == "linkpath") {
            if (value.find('\0') != std::string_view::npos)
                return strprintf("pax %.*s contains a NUL byte", static_cast<int>(key.size()),
                                 key.data());
            (key == "path" ? pending->path : pending->linkpath) = std::string(value);
        } else if (key == "size") {
            const auto v = parse_decimal(value);
            if (!v || *v > uint64_t{std::numeric_limits<int64_t>::max()})
                return "pax size is not a number or too large";
            pending->size = *v;
        } else if (key == "mtime") {
            std::string_view whole = value.substr(0, value.find('.'));
            const bool negative = !whole.empty() && whole[0] == '-';
            if (negative) whole.remove_prefix(1);
            const auto v = parse_decimal(whole);
            if (!v) return "pax mtime is not a number";
            pending->mtime = negative ? -static_cast<int64_t>(*v) : static_cast<int64_t>(*v);
        } else if (key.starts_with("GNU.sparse")) {
            return "sparse files are not supported";
        }
        pos += *len;
    }
    return "";
}

// A GNU long name or link ('L', 'K'): the data up to its first NUL.
std::string long_name(std::span<const uint8_t> data) {
    // The data is the name's chars.
    const char* p = reinterpret_cast<const char*>(data.data());
    return std::string(p, strnlen(p, data.size()));
}

// The archive's header blocks and extended headers as the parser reads them: views into
// the archive's bytes, or, with the archive's file, copies read from it in windows of
// kWindow bytes (a run of small members' headers is then one read).
class HeaderSource {
  public:
    HeaderSource(std::span<const uint8_t> archive, int fd) : archive_(archive), fd_(fd) {}

    // The bytes [off, off + n), which lie inside the archive; valid until the next call.
    // False with *why when they cannot be read from the file.
    bool get(size_t off, size_t n, std::span<const uint8_t>* out, std::string* why) {
        if (fd_ < 0) {
            *out = archive_.subspan(off, n);
            return true;
        }
        if (off < window_offset_ || n > window_.size() ||
            off - window_offset_ > window_.size() - n) {
            window_.resize(std::min(std::max(n, kWindow), archive_.size() - off));
            window_offset_ = off;
            if (!pread_exactly(fd_, off, window_.data(), window_.size(), why)) {
                window_.clear();
                return false;
            }
        }
        *out = std::span<const uint8_t>(window_).subspan(off - window_offset_, n);
        return true;
    }

  private:
    static constexpr size_t kWindow = size_t{64} << 10;
    std::span<const uint8_t> archive_;
    int fd_;
    std::vector<uint8_t> window_;
    size_t window_offset_ = 0;
};

} // namespace

bool read_tar(std::span<const uint8_t> archive, std::vector<TarEntry>* entries, std::string* error,
              int fd) {
    entries->clear();
    HeaderSource source(archive, fd);
    Pending pending;
    size_t off = 0;
    auto fail = [&](size_t at, const std::string& name, const std::string& why) {
        *error = name.empty()
                     ? strprintf("tar offset %zu: %s", at, why.c_str())
                     : strprintf("tar offset %zu (entry '%s'): %s", at, name.c_str(), why.c_str());
        return false;
    };
    for (;;) {
        if (archive.size() - off < kTarBlock) {
            return fail(off, "",
                        off == archive.size()
                            ? "truncated: the archive ends without its end-of-archive marker"
                            : "truncated: a partial header block");
        }
        // The header block, copied: it stays as read while extended data are read.
        uint8_t block[kTarBlock];
        std::span<const uint8_t> view;
        std::string why;
        if (!source.get(off, kTarBlock, &view, &why))
            return fail(off, "", "reading the header: " + why);
        std::memcpy(block, view.data(), kTarBlock);
        if (is_zero_block(block)) {
            if (pending.any())
                return fail(*pending.first_offset, pending.path.value_or(""),
                            "extended header followed by the end of the archive");
            return true; // end of archive; whatever follows (record padding) is ignored
        }
        const std::string_view magic = field_text(block, kMagic);
        const bool posix = magic == "ustar"; // "ustar\0" "00"; GNU has "ustar  \0"
        std::string name;
        if (pending.path) {
            name = *pending.path;
        } else {
            const std::string_view prefix = posix ? field_text(block, kPrefix) : "";
            name = prefix.empty()
                       ? std::string(field_text(block, kName))
                       : std::string(prefix) + "/" + std::string(field_text(block, kName));
        }
        const size_t header_offset = pending.first_offset.value_or(off);
        if (!checksum_ok(block)) return fail(off, name, "header checksum mismatch");
        const auto field_size = parse_number(block, kSize);
        const auto mode = parse_number(block, kMode);
        const auto mtime = parse_number(block, kMtime);
        if (!field_size || !mode || !mtime)
            return fail(off, name, "a numeric field (size, mode or mtime) is malformed");
        const uint64_t size = pending.size.value_or(*field_size);
        const size_t data_off = off + kTarBlock;
        if (size > archive.size() - data_off) {
            return fail(off, name,
                        strprintf("truncated: %" PRIu64 " bytes of data at offset %zu run past "
                                  "the end of the archive (%zu bytes)",
                                  size, data_off, archive.size()));
        }
        const std::span<const uint8_t> data = archive.subspan(data_off, size);
        // size <= archive.size() - data_off, so rounding up cannot overflow meaningfully:
        // the next offset may pass the end, which the loop reports as truncation.
        const uint64_t padded = (size + kTarBlock - 1) / kTarBlock * kTarBlock;
        const size_t next =
            padded > archive.size() - data_off ? archive.size() + 1 : data_off + padded;
        const char type = static_cast<char>(block[kTypeflag]);

        // An extended header's data, read as the header is (HeaderSource).
        std::span<const uint8_t> extended;
        if (type == 'x' || type == 'L' || type == 'K') {
            if (!pending.first_offset) pending.first_offset = off;
            if (size > kMaxExtendedHeader)
                return fail(off, name,
                            strprintf("an extended header of %" PRIu64 " bytes (at most %zu)", size,
                                      kMaxExtendedHeader));
            if (!source.get(data_off, size, &extended, &why))
                return fail(off, name, "reading the extended header: " + why);
        }
        switch (type) {
        case 'x':
            why = parse_pax(extended, &pending);
            if (!why.empty()) return fail(off, name, why);
            break;
        case 'g': // global pax header: nothing in it changes how entries are read here
        case 'V': // volume label
            break;
        case 'L':
            pending.path = long_name(extended);
            break;
        case 'K':
            pending.linkpath = long_name(extended);
            break;
        case '0':
        case '\0':
        case '7':
        case '1':
        case '2':
        case '5': {
            TarEntry e;
            e.name = name;
            e.linkname = pending.linkpath.value_or(std::string(field_text(block, kLinkname)));
            e.mode = static_cast<uint32_t>(*mode & 07777);
            e.mtime = pending.mtime.value_or(static_cast<int64_t>(*mtime));
            e.header_offset = header_offset;
            if (name.empty()) return fail(header_offset, name, "entry with an empty name");
            if (type == '1' || type == '2' || type == '5') {
                if (size != 0)
                    return fail(header_offset, name,
                                strprintf("a %s with %" PRIu64 " bytes of data",
                                          type == '5' ? "directory" : "link", size));
                e.type = type == '1'   ? TarEntry::Type::kHardlink
                         : type == '2' ? TarEntry::Type::kSymlink
                                       : TarEntry::Type::kDirectory;
                if (type != '5' && e.linkname.empty())
                    return fail(header_offset, name, "link with an empty target");
            } else {
                // A name ending in '/' on a regular-file header is an old-style directory.
                e.type = name.back() == '/' && size == 0 ? TarEntry::Type::kDirectory
                                                         : TarEntry::Type::kFile;
                e.data = data;
            }
            entries->push_back(std::move(e));
            pending = Pending{};
            break;
        }
        case '3':
        case '4':
        case '6':
            return fail(off, name, "device and FIFO entries are not supported in an image");
        default:
            return fail(off, name,
                        std::isprint(static_cast<unsigned char>(type))
                            ? strprintf("unsupported entry type '%c'", type)
                            : strprintf("unsupported entry type 0x%02x",
                                        static_cast<unsigned>(block[kTypeflag])));
        }
        if (next > archive.size()) {
            return fail(off, name,
                        "truncated: the entry's padding runs past the end of the archive");
        }
        off = next;
    }
}

} // namespace zvm::runtime::image
