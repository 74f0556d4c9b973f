// The URIs of network channels (docs/manifest.md, "Network channels"): ZeroMQ's
//     tcp://HOST:PORT     HOST a name, an IPv4 address, [an IPv6 address] or * (a reader
//                         binding every interface); PORT 1-65535
//     ipc://PATH          a Unix socket path (at most 107 bytes)
// Pure parsing, no I/O; every refusal names what is wrong.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zvm::runtime {

struct NetworkUri {
    enum class Transport : uint8_t { kTcp, kIpc };
    Transport transport = Transport::kTcp;
    std::string host;  // tcp: as written, without the brackets of an IPv6 address
    uint16_t port = 0; // tcp
    std::string path;  // ipc
};

// The longest ipc:// path: sizeof(sockaddr_un::sun_path) less the terminating NUL.
inline constexpr size_t kMaxIpcPath = 107;

// Parses `uri`; on failure returns false and sets *error (without the URI itself), e.g.
// "the port '99999' is not a number from 1 to 65535".
bool parse_network_uri(std::string_view uri, NetworkUri* out, std::string* error);

} // namespace zvm::runtime
