// Fuzz target of the ZMTP codec of `zvm serve` (runtime/serve/zmtp.h): any bytes give
// messages within the limits or an error saying what and where, and feeding the same bytes
// in pieces (sizes from the first input byte) gives the very same result as all at once.
// Besides, the same bytes after a handshake, fed to a connection in traffic and to one
// made established (a worker holding the connection), give the same messages, replies and
// verdict.
#include "runtime/serve/zmtp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using zvm::runtime::serve::ZmtpConnection;
using zvm::runtime::serve::ZmtpLimits;

namespace {

struct Result {
    std::vector<ZmtpConnection::Message> messages;
    std::string output;
    bool ok = true;
    std::string error;
};

// A DEALER's greeting and READY. (Its greeting has the very bytes of ours: version 3.1,
// NULL, as-server 0.)
std::string handshake() {
    std::string g = zvm::runtime::serve::zmtp_greeting();
    const std::string type = std::string("\x0BSocket-Type\0\0\0\x06", 16) + "DEALER";
    zvm::runtime::serve::zmtp_encode_command("READY", type, &g);
    return g;
}

Result feed(ZmtpConnection& z, std::string_view input, size_t piece) {
    Result r;
    for (size_t at = 0; at < input.size() && r.ok; at += piece) {
        r.ok = z.feed(input.substr(at, piece));
        for (auto& m : z.messages())
            r.messages.push_back(std::move(m));
        z.messages().clear();
        r.output += z.output();
        z.output().clear();
    }
    r.error = z.error();
    return r;
}

Result run(std::string_view input, size_t piece, const ZmtpLimits& limits) {
    ZmtpConnection z(limits);
    return feed(z, input, piece);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 64;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    ZmtpLimits limits;
    limits.max_message = 4096; // small, so that inputs reach it
    limits.max_frames = 8;
    limits.max_command = 1024;
    const Result whole = run(input, input.size() + 1, limits);
    const Result pieces = run(input, piece, limits);
    if (whole.ok != pieces.ok || whole.error != pieces.error || whole.output != pieces.output ||
        whole.messages != pieces.messages)
        std::abort();
    if (!whole.ok && whole.error.rfind("ZMTP", 0) != 0) std::abort();

    ZmtpConnection front(limits);
    if (!front.feed(handshake()) || !front.at_message_boundary()) std::abort();
    front.output().clear();
    ZmtpConnection held = ZmtpConnection::established(limits);
    const Result after_front = feed(front, input, piece);
    const Result after_held = feed(held, input, input.size() + 1);
    // (An ERROR's text names the stream offset, which the handshake shifts.)
    if (after_front.ok != after_held.ok || after_front.messages != after_held.messages ||
        (after_front.ok && after_front.output != after_held.output) ||
        front.at_message_boundary() != held.at_message_boundary())
        std::abort();
    for (const auto& m : whole.messages) {
        size_t bytes = 0;
        for (const auto& f : m)
            bytes += f.size();
        if (m.empty() || m.size() > limits.max_frames || bytes > limits.max_message) std::abort();
    }
    return 0;
}
