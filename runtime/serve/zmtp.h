// The server side of ZMTP 3.x (RFC 23/ZMTP 3.0, 37/ZMTP 3.1) for `zvm serve`'s ZeroMQ front,
// as a state machine without I/O: fed the bytes a connection received, it gives complete
// messages, the bytes to send back, or an error saying what was wrong and where.
//   - greeting: signature FF, 8 bytes of padding, 7F; version 3.x; mechanism NULL; as-server;
//     filler. Ours (3.1, NULL, as-server 0) is in output() from the start.
//   - handshake: the peer's READY with Socket-Type REQ or DEALER (other properties ignored);
//     ours with Socket-Type ROUTER, sent once the peer's greeting is good.
//   - traffic: frames (flags MORE, LONG, COMMAND) into messages; PING answered with PONG
//     (its context echoed); other commands ignored.
//   - errors: once the greeting was good an ERROR command is put in output(); the caller
//     sends what output() has, then closes the connection. A frame larger than the limits
//     is refused from its header, before anything is allocated for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime::serve {

struct ZmtpLimits {
    uint64_t max_message = 64ULL << 20; // the frames of one message together, in bytes
    size_t max_frames = 16;             // frames of one message
    uint64_t max_command = 64ULL << 10; // one command (READY, PING, ...), in bytes
};

class ZmtpConnection {
  public:
    using Message = std::vector<std::string>; // its frames, in order

    explicit ZmtpConnection(ZmtpLimits limits = {});
    // A connection whose greeting and handshake another ZmtpConnection already did (a
    // worker reading a lent connection from a message boundary on): traffic from the
    // first byte, nothing in output().
    static ZmtpConnection established(ZmtpLimits limits = {});

    // Bytes received. False on a protocol error (then and afterwards): error() says what
    // and where; output() may hold an ERROR command to send before closing.
    bool feed(std::string_view bytes);

    // Complete messages received so far, oldest first; the caller takes them (clears it).
    std::vector<Message>& messages() { return messages_; }
    // Bytes to send; the caller takes them (clears it).
    std::string& output() { return output_; }

    bool handshake_done() const { return state_ == State::kTraffic; }
    // In traffic with every byte fed parsed: no part of a frame or message is pending.
    bool at_message_boundary() const {
        return state_ == State::kTraffic && input_.size() == input_pos_ && partial_.empty();
    }
    bool failed() const { return state_ == State::kFailed; }
    const std::string& error() const { return error_; }
    // The peer's Socket-Type ("REQ" or "DEALER") once its READY came.
    const std::string& peer_socket_type() const { return peer_socket_type_; }

  private:
    enum class State { kGreeting, kReady, kTraffic, kFailed };

    bool parse_greeting();
    bool parse_frame(); // one frame if complete; false when more bytes are needed or failed
    bool on_command(std::string_view body, uint64_t at);
    bool on_ready(std::string_view data, uint64_t at);
    bool fail(const std::string& what, bool send_error);

    ZmtpLimits limits_;
    State state_ = State::kGreeting;
    std::string input_; // received, not yet parsed (from input_pos_)
    size_t input_pos_ = 0;
    uint64_t stream_pos_ = 0; // bytes of the stream before input_[input_pos_]
    Message partial_;         // the frames of a message whose last frame has not come
    uint64_t partial_bytes_ = 0;
    std::vector<Message> messages_;
    std::string output_;
    std::string error_;
    std::string peer_socket_type_;
};

// Appends the encoding of one frame of a message (`more`: another frame follows) to *out.
void zmtp_encode_frame(std::string_view data, bool more, std::string* out);
// Appends the encoding of a message (frames with MORE but the last) to *out.
void zmtp_encode_message(const std::vector<std::string>& frames, std::string* out);
// Appends the encoding of a command NAME with DATA to *out.
void zmtp_encode_command(std::string_view name, std::string_view data, std::string* out);
// Our greeting: 64 bytes, version 3.1, mechanism NULL, as-server 0.
std::string zmtp_greeting();

} // namespace zvm::runtime::serve
