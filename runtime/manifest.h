// ZeroVM's manifest (docs/manifest.md): one `Key = value` per line.
//   Version = 20130611                 recorded, any value
//   Program = path                     the nexe (a host path; in a zapp, a member name)
//   Timeout = seconds                  session timeout
//   Memory = bytes[, etag-flag]        memory limit (K/M/G suffixes allowed)
//   Channel = uri, alias, type, etag, gets, getsize, puts, putsize     repeatable
//   Environment = name, value[, name, value]...                       repeatable
//   Node, NameServer, Job, Broker      ZeroVM cluster keys: accepted and ignored
//   Image = path                       zvm: a tar image mounted at / (host path)
// Blank lines and lines starting with '#' are skipped. Pure parsing, no I/O: fuzzable.
#pragma once

#include "runtime/channels/channel_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime {

struct Manifest {
    std::optional<std::string> version;
    std::optional<std::string> program;
    std::optional<double> timeout;
    std::optional<uint64_t> memory;
    bool memory_etag = false;
    std::optional<std::string> image;
    std::vector<ChannelSpec> channels;
    std::vector<int> channel_lines;       // the line of each channel, for messages
    std::vector<std::string> environment; // "NAME=value"
};

inline constexpr size_t kMaxManifestSize = 1 << 20;

// Parses `text`. On failure returns false and sets *error to "LINE: what is wrong"
// (the caller prefixes the file name: "app.manifest:7: unknown key 'Programm'").
bool parse_manifest(std::string_view text, Manifest* manifest, std::string* error);

// A byte count with an optional K, M or G suffix (powers of 1024); nullopt when malformed
// or above 2^62.
std::optional<uint64_t> parse_size(std::string_view text);

} // namespace zvm::runtime
