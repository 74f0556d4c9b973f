// The ZeroMQ front of `zvm serve` (docs/serve.md, "ZeroMQ"): a ROUTER endpoint speaking
// ZMTP 3.x itself (runtime/serve/zmtp.h) on nonblocking sockets driven from the serve loop's
// poll(), with no libzmq context or thread. Clients are libzmq REQ or DEALER sockets.
//   - endpoints: tcp://HOST:PORT (HOST an IPv4 address, `*`, `localhost` or [IPv6 address];
//     PORT a number or `*`) and ipc://PATH (a Unix stream socket; a socket file left at PATH
//     is replaced, and the file is removed at the end).
//   - a request is [(empty delimiter from a REQ client), header JSON, (stdin)]; the reply on
//     the same connection mirrors the delimiter, then header JSON, stdout, stderr
//     (runtime/serve/zmtp_reply.h). A reply for a connection that has closed is dropped.
//   - the worker running a request writes its reply to the connection itself (the request
//     carries a copy of the descriptor) when nothing else is being written there: no other
//     worker's reply, no bytes of ours waiting. Meanwhile this front writes nothing there;
//     what the worker could not send without blocking, this front sends after it.
//   - the connection is lent to that worker (Server::Lending) when besides its request
//     nothing of it is under way or read, and never was (a client that pipelines keeps all
//     workers busy only if this front reads its requests): after its whole reply left, the
//     worker reads the client's next request itself and runs it if it is one whole request
//     for its app and nothing more; anything else it gives back, with every byte it read,
//     to be parsed here as if this front had read it. The server asks for it back when
//     other requests wait for a worker, and at shutdown. Meanwhile this front neither
//     reads nor writes it.
//   - a protocol error closes that connection only (after an ERROR command where ZMTP has one);
//     so does a handshake not done 30 s after the connection (libzmq's default).
//   - per connection, the bytes read are bounded by the request limit (64 MiB); a connection
//     with over 1 MiB of replies not yet taken by its peer is not read until they are.
#pragma once

#include "runtime/serve/server.h"
#include "runtime/serve/zmtp.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <poll.h>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime::serve {

class ZmtpFront {
  public:
    // `handshake_time`: how long a new connection has to finish its greeting and handshake.
    ZmtpFront(Server& server, std::chrono::milliseconds handshake_time)
        : server_(server), handshake_time_(handshake_time) {}
    ~ZmtpFront(); // closes every connection and the listener; removes an ipc socket file
    ZmtpFront(const ZmtpFront&) = delete;
    ZmtpFront& operator=(const ZmtpFront&) = delete;

    // Binds and listens on `endpoint`. False with *error ("--zmq ENDPOINT: reason").
    bool start(const std::string& endpoint, std::string* error);

    // Appends the descriptors to poll (the listener, each connection) to *fds; after poll,
    // handle_events(*fds, first) handles those from fds[first] on.
    void add_poll_fds(std::vector<pollfd>* fds);
    void handle_events(const std::vector<pollfd>& fds, size_t first);
    // Milliseconds until add_poll_fds has something to do without any event (a handshake's
    // deadline, accepting again after running out of descriptors); -1: nothing.
    int timeout_ms() const;

    // At the end: gives the replies not yet sent up to `timeout_ms` to leave.
    void flush(int timeout_ms);

  private:
    using Clock = std::chrono::steady_clock;
    struct Connection {
        int fd = -1;
        Clock::time_point handshake_deadline; // closed if the handshake is not done by then
        ZmtpConnection zmtp;
        std::string out; // to send, from out_pos
        size_t out_pos = 0;
        bool dead = false;           // closed by the next add_poll_fds; its replies are dropped
        bool worker_writing = false; // a worker may be writing its reply here (write nothing)
        bool lent = false;           // and reading it (read nothing); implies worker_writing
        int requests = 0;            // submitted and not yet done
        bool pipelines = false;      // has had two requests under way: never lent
    };

    void accept_all();
    void on_readable(uint64_t id);
    // Parses bytes read from connection `id` and handles the messages they complete.
    void take_bytes(uint64_t id, std::string_view bytes);
    // `may_lend`: nothing was read after this message.
    void handle_message(uint64_t id, std::vector<std::string> parts, bool may_lend);
    // What to do with the outcome of a request of connection `id`.
    Server::Done reply_done(uint64_t id, bool delimiter, bool direct);
    // The callbacks of connection `id` while a worker holds it.
    Server::Lending lend(uint64_t id);
    void send_bytes(uint64_t id, std::string_view bytes); // dropped if the connection is gone
    // The worker answering on connection `id` has finished; `rest`: what it left to send.
    void worker_done(uint64_t id, std::string_view rest);
    void write_pending(Connection& c);
    void close_dead();

    Server& server_;
    std::chrono::milliseconds handshake_time_;
    int listen_fd_ = -1;
    bool tcp_ = false;
    std::string ipc_path_; // to remove at the end
    uint64_t next_id_ = 1;
    std::map<uint64_t, Connection> connections_;
    Clock::time_point accept_paused_until_; // after accept4 ran out of descriptors
    std::vector<uint64_t> polled_; // the connection of each fd add_poll_fds appended (0: listener)
};

} // namespace zvm::runtime::serve
