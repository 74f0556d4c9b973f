#include "runtime/serve/zmtp.h"

#include <algorithm>
#include <cstdio>

namespace zvm::runtime::serve {
namespace {

constexpr size_t kGreetingSize = 64;
constexpr size_t kMechanismAt = 12; // 20 bytes, the name padded with zeros
constexpr size_t kMechanismSize = 20;
constexpr uint8_t kMore = 0x01;
constexpr uint8_t kLong = 0x02;
constexpr uint8_t kCommand = 0x04;
constexpr uint8_t kReserved = 0xF8;
constexpr size_t kMaxErrorReason = 255;

std::string hex_byte(uint8_t b) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", b);
    return text;
}

// A peer's text in a message: printable ASCII kept, other bytes as '?', at most 64.
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 64))
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    return out;
}

// Where in the stream a fault lies, for error messages only (not built per frame).
std::string at_byte(uint64_t at) {
    return " at byte " + std::to_string(at);
}

std::string size_text(uint64_t limit) {
    if (limit % (1ULL << 20) == 0) return std::to_string(limit >> 20) + " MiB";
    if (limit % (1ULL << 10) == 0) return std::to_string(limit >> 10) + " KiB";
    return std::to_string(limit) + " bytes";
}

uint64_t read_be(const char* p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i)
        v = (v << 8) | static_cast<uint8_t>(p[i]);
    return v;
}

void append_be(uint64_t v, size_t n, std::string* out) {
    for (size_t i = n; i-- > 0;)
        out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void append_frame(uint8_t flags, std::string_view body, std::string* out) {
    if (body.size() > 255) {
        out->push_back(static_cast<char>(flags | kLong));
        append_be(body.size(), 8, out);
    } else {
        out->push_back(static_cast<char>(flags));
        out->push_back(static_cast<char>(body.size()));
    }
    out->append(body);
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

} // namespace

std::string zmtp_greeting() {
    std::string g(kGreetingSize, '\0');
    g[0] = static_cast<char>(0xFF); // signature: FF, 8 bytes of padding, 7F
    g[9] = 0x7F;
    g[10] = 3; // version 3.1
    g[11] = 1;
    g.replace(kMechanismAt, 4, "NULL");
    // as-server (byte 32) 0, as the NULL mechanism has it; the filler is zeros.
    return g;
}

void zmtp_encode_frame(std::string_view data, bool more, std::string* out) {
    append_frame(more ? kMore : 0, data, out);
}

void zmtp_encode_message(const std::vector<std::string>& frames, std::string* out) {
    for (size_t i = 0; i < frames.size(); ++i)
        append_frame(i + 1 < frames.size() ? kMore : 0, frames[i], out);
}

void zmtp_encode_command(std::string_view name, std::string_view data, std::string* out) {
    std::string body;
    body.push_back(static_cast<char>(name.size()));
    body.append(name);
    body.append(data);
    append_frame(kCommand, body, out);
}

ZmtpConnection::ZmtpConnection(ZmtpLimits limits) : limits_(limits), output_(zmtp_greeting()) {}

ZmtpConnection ZmtpConnection::established(ZmtpLimits limits) {
    ZmtpConnection c(limits);
    c.state_ = State::kTraffic;
    c.output_.clear();
    return c;
}

bool ZmtpConnection::feed(std::string_view bytes) {
    if (state_ == State::kFailed) return false;
    input_.append(bytes);
    if (state_ == State::kGreeting) parse_greeting();
    while (state_ != State::kGreeting && state_ != State::kFailed && parse_frame()) {
    }
    if (state_ == State::kFailed) return false;
    input_.erase(0, input_pos_);
    input_pos_ = 0;
    return true;
}

bool ZmtpConnection::parse_greeting() {
    const std::string_view in = std::string_view(input_).substr(input_pos_);
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(in[i]); };
    if (in.size() > 0 && byte(0) != 0xFF)
        return fail("ZMTP greeting: bad signature (byte 0 is " + hex_byte(byte(0)) +
                        ", expected 0xFF)",
                    false);
    if (in.size() > 9 && byte(9) != 0x7F)
        return fail("ZMTP greeting: bad signature (byte 9 is " + hex_byte(byte(9)) +
                        ", expected 0x7F)",
                    false);
    if (in.size() > 10 && byte(10) != 3)
        return fail("ZMTP greeting: version " + std::to_string(byte(10)) +
                        ".x; this server speaks 3.0 and 3.1",
                    false);
    if (in.size() >= kMechanismAt + kMechanismSize) {
        std::string_view mechanism = in.substr(kMechanismAt, kMechanismSize);
        mechanism = mechanism.substr(0, mechanism.find('\0'));
        if (mechanism != "NULL")
            return fail("ZMTP greeting: mechanism " + printable(mechanism) +
                            "; this server accepts NULL only",
                        false);
    }
    if (in.size() < kGreetingSize) return false;
    input_pos_ += kGreetingSize;
    stream_pos_ += kGreetingSize;
    state_ = State::kReady;
    zmtp_encode_command("READY", std::string("\x0BSocket-Type\0\0\0\x06ROUTER", 22), &output_);
    return true;
}

bool ZmtpConnection::parse_frame() {
    const std::string_view in = std::string_view(input_).substr(input_pos_);
    if (in.empty()) return false;
    const uint8_t flags = static_cast<uint8_t>(in[0]);
    const uint64_t at = stream_pos_;
    if (flags & kReserved)
        return fail("ZMTP frame" + at_byte(at) + ": reserved flag bits set (" + hex_byte(flags) +
                        ")",
                    true);
    const size_t header = (flags & kLong) ? 9 : 2;
    if (in.size() < header) return false;
    const uint64_t size = read_be(in.data() + 1, header - 1);
    if (flags & kCommand) {
        if (flags & kMore)
            return fail("ZMTP command frame" + at_byte(at) + " has the MORE flag", true);
        if (!partial_.empty())
            return fail("ZMTP command frame" + at_byte(at) + " in the middle of a message", true);
        if (size > limits_.max_command)
            return fail("ZMTP command of " + std::to_string(size) + " bytes" + at_byte(at) +
                            " exceeds the " + size_text(limits_.max_command) + " command limit",
                        true);
    } else {
        if (state_ != State::kTraffic)
            return fail("ZMTP message frame" + at_byte(at) + " before the peer's READY", true);
        if (partial_.size() + 1 > limits_.max_frames)
            return fail("ZMTP message of more than " + std::to_string(limits_.max_frames) +
                            " frames (frame" + at_byte(at) + ")",
                        true);
        if (size > limits_.max_message - partial_bytes_)
            return fail("ZMTP frame of " + std::to_string(size) + " bytes" + at_byte(at) +
                            " exceeds the " + size_text(limits_.max_message) + " request limit",
                        true);
    }
    if (in.size() - header < size) return false;
    const std::string_view body = in.substr(header, size);
    input_pos_ += header + size;
    stream_pos_ += header + size;
    if (flags & kCommand) return on_command(body, at);
    partial_.emplace_back(body);
    partial_bytes_ += size;
    if (!(flags & kMore)) {
        messages_.push_back(std::move(partial_));
        partial_.clear();
        partial_bytes_ = 0;
    }
    return true;
}

bool ZmtpConnection::on_command(std::string_view body, uint64_t at) {
    if (body.empty() || size_t{1} + static_cast<uint8_t>(body[0]) > body.size())
        return fail("ZMTP command" + at_byte(at) + ": its name is longer than the command", true);
    const std::string_view name = body.substr(1, static_cast<uint8_t>(body[0]));
    const std::string_view data = body.substr(1 + name.size());
    if (name == "ERROR") {
        const std::string_view reason = data.empty() ? data : data.substr(1, uint8_t(data[0]));
        return fail("ZMTP: the peer sent ERROR (" + printable(reason) + ")", false);
    }
    if (state_ == State::kReady) {
        if (name != "READY")
            return fail("ZMTP handshake: expected READY" + at_byte(at) + ", got " + printable(name),
                        true);
        return on_ready(data, at);
    }
    if (name == "PING") {
        if (data.size() < 2)
            return fail("ZMTP PING" + at_byte(at) + " is shorter than its 2-byte TTL", true);
        zmtp_encode_command("PONG", data.substr(2), &output_);
    }
    return true; // other commands are ignored
}

bool ZmtpConnection::on_ready(std::string_view data, uint64_t at) {
    std::string_view socket_type;
    bool has_socket_type = false;
    size_t pos = 0;
    while (pos < data.size()) {
        const size_t name_size = static_cast<uint8_t>(data[pos]);
        if (data.size() - pos < 1 + name_size + 4)
            return fail("ZMTP READY" + at_byte(at) + ": a property is truncated", true);
        const std::string_view name = data.substr(pos + 1, name_size);
        const uint64_t value_size = read_be(data.data() + pos + 1 + name_size, 4);
        pos += 1 + name_size + 4;
        if (data.size() - pos < value_size)
            return fail("ZMTP READY" + at_byte(at) + ": a property is truncated", true);
        const std::string_view value = data.substr(pos, value_size);
        pos += value_size;
        if (equal_ignoring_case(name, "Socket-Type")) {
            socket_type = value;
            has_socket_type = true;
        }
    }
    if (!has_socket_type)
        return fail("ZMTP READY" + at_byte(at) + ": no Socket-Type property", true);
    if (socket_type != "REQ" && socket_type != "DEALER")
        return fail("ZMTP READY" + at_byte(at) + ": Socket-Type " + printable(socket_type) +
                        "; this ROUTER takes REQ and DEALER",
                    true);
    peer_socket_type_ = socket_type;
    state_ = State::kTraffic;
    return true;
}

bool ZmtpConnection::fail(const std::string& what, bool send_error) {
    error_ = what;
    if (send_error && state_ != State::kGreeting)
        zmtp_encode_command(
            "ERROR",
            std::string(1, static_cast<char>(std::min(what.size(), kMaxErrorReason))) +
                what.substr(0, kMaxErrorReason),
            &output_);
    state_ = State::kFailed;
    partial_.clear();
    input_.clear();
    input_pos_ = 0;
    return false;
}

} // namespace zvm::runtime::serve
