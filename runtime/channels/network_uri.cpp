#include "runtime/channels/network_uri.h"

namespace zvm::runtime {
namespace {

bool parse_port(std::string_view s, uint16_t* port) {
    if (s.empty() || s.size() > 5) return false;
    uint32_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    if (v == 0 || v > 65535) return false;
    *port = static_cast<uint16_t>(v);
    return true;
}

bool parse_tcp(std::string_view rest, NetworkUri* out, std::string* error) {
    std::string_view host, port;
    if (rest.starts_with("[")) {
        const size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            *error = "an IPv6 address has no closing ']'";
            return false;
        }
        host = rest.substr(1, close - 1);
        rest.remove_prefix(close + 1);
        if (!rest.starts_with(":")) {
            *error = "no ':PORT' after the host (tcp://HOST:PORT)";
            return false;
        }
        port = rest.substr(1);
    } else {
        const size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            *error = "no ':PORT' after the host (tcp://HOST:PORT)";
            return false;
        }
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            *error = "an IPv6 address is written in brackets (tcp://[::1]:PORT)";
            return false;
        }
    }
    if (host.empty()) {
        *error = "no host (tcp://HOST:PORT; * binds every interface)";
        return false;
    }
    for (const char c : host) {
        if (c <= ' ' || c == '/' || c == '@' || c == ';' || c == 127) {
            *error = "the host '" + std::string(host) + "' contains an invalid character";
            return false;
        }
    }
    if (port == "*" || port == "0") {
        *error = "the port must be given: both sides need to know it";
        return false;
    }
    if (!parse_port(port, &out->port)) {
        *error = "the port '" + std::string(port) + "' is not a number from 1 to 65535";
        return false;
    }
    out->transport = NetworkUri::Transport::kTcp;
    out->host = host;
    return true;
}

} // namespace

bool parse_network_uri(std::string_view uri, NetworkUri* out, std::string* error) {
    if (uri.starts_with("tcp://")) return parse_tcp(uri.substr(6), out, error);
    if (uri.starts_with("ipc://")) {
        const std::string_view path = uri.substr(6);
        if (path.empty()) {
            *error = "no path (ipc://PATH)";
            return false;
        }
        if (path.size() > kMaxIpcPath) {
            *error = "the path is longer than 107 bytes (the limit of a Unix socket address)";
            return false;
        }
        if (path.find('\0') != std::string_view::npos) {
            *error = "the path contains a NUL byte";
            return false;
        }
        out->transport = NetworkUri::Transport::kIpc;
        out->path = path;
        return true;
    }
    if (uri.starts_with("tcp:")) {
        *error = "ZeroVM's tcp:HOST:PORT form is not accepted; write tcp://HOST:PORT";
        return false;
    }
    *error = "unsupported network transport; network channels are tcp://HOST:PORT or "
             "ipc://PATH";
    return false;
}

} // namespace zvm::runtime
