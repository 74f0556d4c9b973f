// What a worker holding a client's connection (WorkRequest::lend) is doing, in a page of
// memory it shares with the server: whether it runs a request it read from that
// connection, and since when.
//
// A worker runs the requests it reads from a held connection, and answers them there,
// without a message to the server: none per request, so the server does not wake up for
// each (on two cores those wake-ups compete with the client for a CPU; docs/serve.md).
// The server reads this page only when it needs to know: for the hard deadline of a
// running request (Server::tick) and when the worker has died (a running request is
// answered *worker lost* on the connection, an idle held connection is closed). A reply
// the worker could not write whole, or one that ends the holding, goes to the server as
// kTook followed by kReply (runtime/serve/protocol.h).
//
// The page is a memfd the server creates for each worker and passes as a descriptor; the
// worker maps it before it installs its seccomp filter. Sandboxed code cannot reach it
// (it lies outside the sandbox), and the server checks what it reads like a message.
#pragma once

#include "runtime/serve/protocol.h"

#include <cstdint>
#include <optional>
#include <string>

namespace zvm::runtime::serve {

class HeldState {
  public:
    // The server's side: a new shared page, all idle. nullopt with *error on failure.
    static std::optional<HeldState> create(std::string* error);
    // The worker's side: maps the page of descriptor `fd` (and closes `fd`).
    static std::optional<HeldState> attach(int fd, std::string* error);

    HeldState(HeldState&& other) noexcept;
    HeldState& operator=(HeldState&& other) noexcept;
    HeldState(const HeldState&) = delete;
    HeldState& operator=(const HeldState&) = delete;
    ~HeldState();

    // The memfd, for the server to pass to the worker (-1 on the worker's side), until
    // close_fd(): the mapping stays.
    int fd() const { return fd_; }
    void close_fd();

    // The worker: it runs a request from the held connection, answered as `reply` (kZmtp or
    // kZmtpDelimited), since `started_ns` (monotonic_ns()); then, once that request needs
    // the server no more, idle.
    void set_running(WorkRequest::Reply reply, uint64_t started_ns);
    void set_idle();

    // The server: what the worker last set.
    struct Reading {
        bool valid = true;    // false: a value the worker cannot have set (it is broken)
        bool running = false; // a request from the held connection runs
        WorkRequest::Reply reply = WorkRequest::Reply::kZmtp;
        uint64_t started_ns = 0; // to within 4 ns
    };
    Reading read() const;

  private:
    HeldState(int fd, uint64_t* word) : fd_(fd), word_(word) {}

    int fd_ = -1;
    // 0 when idle; else the start time with its two low bits replaced by the reply mode.
    uint64_t* word_ = nullptr;
};

} // namespace zvm::runtime::serve
