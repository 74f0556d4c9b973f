// A channel as ZeroVM's manifest declares it:
//     Channel = uri, alias, type, etag, gets, getsize, puts, putsize
// and as `zvm run --channel` takes it (the same eight fields). Pure parsing, no I/O
// (docs/manifest.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zvm::runtime {

// The four channel types of ZeroVM: which directions allow positioned access
// (pread/pwrite/lseek); the others are sequential (-ESPIPE).
enum class ChannelType : uint8_t {
    kSequential = 0,  // sequential read, sequential write
    kRandomRead = 1,  // random read, sequential write
    kRandomWrite = 2, // sequential read, random write
    kRandom = 3,      // random read and write
};

struct ChannelSpec {
    std::string uri;   // a host path; tcp:// and ipc:// are recognised but not supported yet
    std::string alias; // the absolute path the sandbox opens it by, e.g. /dev/input
    ChannelType type = ChannelType::kSequential;
    bool etag = false;
    uint64_t gets = 0;    // limit on the number of reads
    uint64_t getsize = 0; // limit on the bytes read
    uint64_t puts = 0;    // limit on the number of writes
    uint64_t putsize = 0; // limit on the bytes written

    // Readable when both read limits are non-zero, writable when both write limits are.
    bool readable() const { return gets != 0 && getsize != 0; }
    bool writable() const { return puts != 0 && putsize != 0; }
    bool random_read() const { return static_cast<uint8_t>(type) & 1; }
    bool random_write() const { return static_cast<uint8_t>(type) & 2; }
};

// "No limit" for the default stdio channels.
inline constexpr uint64_t kUnlimited = UINT64_MAX;

// The spec of standard stream 0, 1 or 2: /dev/stdin (read), /dev/stdout or /dev/stderr
// (write), sequential, without limits.
ChannelSpec stdio_channel_spec(int fd);

// Parses the eight comma-separated fields (spaces around each allowed). On failure returns
// false and sets *error to a message naming the field, e.g. "field 3 (type): '7' is not
// 0, 1, 2 or 3".
bool parse_channel_spec(std::string_view text, ChannelSpec* spec, std::string* error);

// True for URIs of network channels (ZeroMQ: tcp://, ipc://, and ZeroVM's tcp:host:port).
bool is_network_uri(std::string_view uri);

} // namespace zvm::runtime
