// The messages between `zvm serve` and its workers (runtime/serve/worker.h), over one
// stream socket per worker. A frame is a 4-byte little-endian payload length, a 1-byte
// type and the payload; strings inside are a 4-byte length and the bytes.
//   worker -> server  kReady    u8 ok, string message (why start-up failed)
//   server -> worker  kRequest  u64 id, u32 n, n strings (argv[1..]), u32 m, m strings
//                               (NAME=VALUE), string stdin, u8 reply (WorkRequest::Reply),
//                               u8 lend; unless kServer, the frame carries the client's
//                               connection (SCM_RIGHTS: send_frame's `pass`, recv_frame's
//                               `received`)
//   worker -> server  kReply    u64 id, i32 status, string stdout, string stderr,
//                               string report (JSON), string exit state, u64 sent, u8 all
//                               sent, u8 kept
// A lent connection (WorkRequest::lend, WorkReply::kept; runtime/serve/zmtp_front.h):
//   worker -> server  kTook     u8 reply (WorkRequest::Reply): the worker read one whole
//                               request from the connection and ran it (id 0), and its
//                               reply needs the server (not all written, or the
//                               connection not kept); its kReply follows. A request whose
//                               reply left whole on a connection kept gets neither: the
//                               server reads the worker's held state
//                               (runtime/serve/held_state.h) when it needs to know
//   worker -> server  kGiveBack the bytes the worker read from the connection and did not
//                               take (the payload as it is); the connection is the front's
//                               again
//   server -> worker  kRecall   (empty) give the connection back; ignored without one
// Only the server and its own workers speak it; it is not a public format (clients use
// docs/serve.md's ZeroMQ and HTTP formats).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime::serve {

enum class FrameType : uint8_t {
    kReady = 1,
    kRequest = 2,
    kReply = 3,
    kTook = 4,
    kGiveBack = 5,
    kRecall = 6,
};

// Frames above this size are refused (a broken peer, not a request).
inline constexpr uint32_t kMaxFrame = 1U << 30;

struct WorkRequest {
    // Who writes the reply to the client: the server (kServer), or the worker itself, on
    // the ZeroMQ connection sent with the frame, as a ZMTP message (zmtp_reply.h) with
    // (kZmtpDelimited) or without (kZmtp) an empty delimiter frame first.
    enum class Reply : uint8_t { kServer = 0, kZmtp = 1, kZmtpDelimited = 2 };

    uint64_t id = 0;
    std::vector<std::string> args; // after argv[0]
    std::vector<std::string> env;  // NAME=VALUE, added to the zapp's own environment
    std::string input;             // stdin
    Reply reply = Reply::kServer;
    // With a direct reply: after it, the worker may keep the connection and read the
    // client's next request from it itself (WorkReply::kept).
    bool lend = false;
};

struct WorkReply {
    uint64_t id = 0;
    int status = 0; // zvm run's exit status (docs/cli.md)
    std::string output;
    std::string errors;
    std::string report;     // the JSON report (docs/cli.md), one object without a newline
    std::string exit_state; // the report's exit_state, for the fronts that need it alone
    // For a request the worker answered on the client's connection itself: the bytes of
    // the ZMTP message it wrote there. With all_sent the whole message left and output,
    // errors and report are empty here; otherwise the server sends the rest.
    uint64_t sent = 0;
    bool all_sent = false;
    // For a request with `lend`: the whole reply left and the worker kept the connection.
    bool kept = false;
    // The worker ends after this reply (a host call failed on the instance's behalf: its
    // memory cannot be trusted to be reset); the server replaces it and sends it nothing.
    bool last = false;
};

struct ReadyMessage {
    bool ok = false;
    std::string message;
};

std::string encode(const WorkRequest& request);
std::string encode(const WorkReply& reply);
std::string encode(const ReadyMessage& ready);
// Decoders return false on a malformed payload.
bool decode(std::string_view payload, WorkRequest* out);
bool decode(std::string_view payload, WorkReply* out);
bool decode(std::string_view payload, ReadyMessage* out);

// Writes one frame, all of it (blocking; retries EINTR). False on error (errno set).
// `pass` >= 0: a descriptor sent along (SCM_RIGHTS) with the frame's first byte.
bool send_frame(int fd, FrameType type, std::string_view payload, int pass = -1);

// Collects frames from a stream that arrives in pieces.
class FrameReader {
  public:
    // Appends bytes read from the socket.
    void feed(const char* data, size_t size) { buffer_.append(data, size); }
    // The next complete frame, if any. Sets *broken for a frame that is too large.
    bool next(FrameType* type, std::string* payload, bool* broken);
    bool empty() const { return buffer_.size() == consumed_; }

  private:
    std::string buffer_;
    size_t consumed_ = 0;
};

// Reads until one whole frame arrived (blocking). False at end of stream or on error.
// A descriptor that came with the bytes read is put in *received (the last one; any
// earlier one is closed); without `received` none is accepted.
bool recv_frame(int fd, FrameReader& reader, FrameType* type, std::string* payload,
                int* received = nullptr);

} // namespace zvm::runtime::serve
