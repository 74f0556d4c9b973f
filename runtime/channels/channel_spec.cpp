#include "runtime/channels/channel_spec.h"

#include "runtime/text.h"

#include <vector>

namespace zvm::runtime {
namespace {

bool parse_limit(std::string_view s, uint64_t* out) {
    if (s.empty() || s.size() > 19) return false;
    uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    *out = v;
    return true;
}

} // namespace

bool is_network_uri(std::string_view uri) {
    return uri.starts_with("tcp:") || uri.starts_with("ipc:") || uri.starts_with("udp:") ||
           uri.starts_with("inproc:") || uri.starts_with("pgm:") || uri.starts_with("epgm:");
}

ChannelSpec stdio_channel_spec(int fd) {
    static const char* const kNames[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    ChannelSpec spec;
    spec.uri = spec.alias = kNames[fd];
    spec.type = ChannelType::kSequential;
    if (fd == 0) {
        spec.gets = spec.getsize = kUnlimited;
    } else {
        spec.puts = spec.putsize = kUnlimited;
    }
    return spec;
}

bool parse_channel_spec(std::string_view text, ChannelSpec* spec, std::string* error) {
    std::vector<std::string_view> fields;
    size_t pos = 0;
    for (;;) {
        const size_t comma = text.find(',', pos);
        fields.push_back(
            trim(text.substr(pos, comma == std::string_view::npos ? comma : comma - pos)));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    if (fields.size() != 8) {
        *error = strprintf("a channel has 8 fields (uri, alias, type, etag, gets, getsize, puts, "
                           "putsize), this one has %zu",
                           fields.size());
        return false;
    }
    static const char* const kNames[8] = {"uri",  "alias",   "type", "etag",
                                          "gets", "getsize", "puts", "putsize"};
    auto bad = [&](int i, const char* why) {
        *error = strprintf("field %d (%s): '%.*s' %s", i + 1, kNames[i],
                           static_cast<int>(fields[i].size()), fields[i].data(), why);
        return false;
    };
    ChannelSpec s;
    if (fields[0].empty()) return bad(0, "is empty");
    if (fields[0].find('\0') != std::string_view::npos) return bad(0, "contains a NUL byte");
    s.uri = fields[0];
    if (fields[1].empty() || fields[1][0] != '/') return bad(1, "is not an absolute path");
    if (fields[1].find('\0') != std::string_view::npos) return bad(1, "contains a NUL byte");
    s.alias = fields[1];
    if (fields[2].size() != 1 || fields[2][0] < '0' || fields[2][0] > '3')
        return bad(2, "is not 0, 1, 2 or 3");
    s.type = static_cast<ChannelType>(fields[2][0] - '0');
    if (fields[3] != "0" && fields[3] != "1") return bad(3, "is not 0 or 1");
    s.etag = fields[3] == "1";
    uint64_t* limits[4] = {&s.gets, &s.getsize, &s.puts, &s.putsize};
    for (int i = 0; i < 4; ++i) {
        if (!parse_limit(fields[4 + i], limits[i]))
            return bad(4 + i, "is not a non-negative decimal number below 10^19");
    }
    if (!s.readable() && !s.writable()) {
        *error = "the channel allows neither reading (gets and getsize both non-zero) nor "
                 "writing (puts and putsize both non-zero)";
        return false;
    }
    *spec = std::move(s);
    return true;
}

} // namespace zvm::runtime
