// A network channel over ZeroMQ (docs/manifest.md, "Network channels"), linked into
// zvm-full only. A read-only channel is a PULL socket that binds the URI's address; a
// write-only one is a PUSH socket that connects to it (and reconnects until the reader is
// there). Each write is one message; reads deliver the messages as one byte stream,
// keeping the rest of a message for the next read. An empty message ends the stream: the
// writer sends it when its instance ends, however it ends (exit, fault, timeout), and the
// reader's reads return 0 from then on. The writer then waits until everything it wrote
// has been handed to the reader's connection, up to the session timeout (forever without
// one).
#pragma once

#include "runtime/channels/channel.h"
#include "runtime/channels/network_uri.h"

#include <zmq.h>

namespace zvm::runtime {

class ZmqChannel final : public Channel {
  public:
    // The most bytes one write sends (one message).
    static constexpr size_t kMaxWriteBytes = 64 << 20;

    // Checks the spec (read-only or write-only, type 0, a valid URI), resolves a host name
    // now (no name lookups once the sandbox runs), creates the socket and binds (reader)
    // or connects (writer). `session_timeout`: seconds, 0 for none. On failure returns
    // nullptr and sets *error ("channel 'URI': ...").
    static std::unique_ptr<Channel> open(const ChannelSpec& spec, double session_timeout,
                                         std::string* error);
    // The writer's end of stream and wait (see above); closes the socket and the context.
    ~ZmqChannel() override;

    bool network() const override { return true; }
    int64_t seek(int64_t, int) override { return -ESPIPE; }
    bool host_stat(struct stat*) const override { return false; }
    // The address the socket bound or connected to, e.g. "tcp://127.0.0.1:5555".
    const std::string& endpoint() const { return endpoint_; }

  private:
    ZmqChannel(ChannelSpec spec, void* context, void* socket, std::string endpoint,
               double session_timeout);
    // Blocks for the first message (until one comes, or a signal: -EINTR); then takes
    // what else has arrived without waiting, up to the buffers' size.
    int64_t read_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;
    // One message of the bytes, at most kMaxWriteBytes of them (a short write beyond: the
    // message is a host allocation, and iovecs may repeat the same sandbox memory up to
    // SSIZE_MAX bytes in all); blocks while the queue (1000 messages) is full.
    int64_t write_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;
    void end_stream();

    void* context_;
    void* socket_;
    std::string endpoint_;
    double session_timeout_;
    zmq_msg_t pending_;     // reader: the message being read
    size_t pending_at_ = 0; // its bytes already read
    bool has_pending_ = false;
    bool ended_ = false; // reader: the empty message came
};

} // namespace zvm::runtime
