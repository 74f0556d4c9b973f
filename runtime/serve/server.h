// The core of `zvm serve`: per app a pool of worker processes (runtime/serve/worker.h)
// and a bounded queue; requests come from the fronts (ZeroMQ, HTTP: serve_command.cpp)
// and end in exactly one Outcome each. Single-threaded: the serve loop polls the workers'
// sockets (poll_fds / on_readable) and calls tick() for deadlines.
#pragma once

#include "runtime/serve/held_state.h"
#include "runtime/serve/protocol.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime::serve {

struct AppConfig {
    std::string name;
    std::string zapp;
    bool snapshot_call = false; // the zapp calls zvm_snapshot after its start-up
    bool cgi = false;           // over HTTP its stdout is a CGI response
    int workers = 2;
    size_t queue = 64;                 // requests waiting for a worker, at most
    double timeout = 0;                // per request, seconds (0: the zapp's own)
    uint64_t memory = 0;               // per instance (0: the zapp's own)
    uint64_t max_output = 64ULL << 20; // stdout + stderr per request
};

struct Outcome {
    enum class Kind {
        kReply,        // the instance ran (whatever its status): reply is set
        kUnknownApp,   // no app of that name
        kBusy,         // the queue is full
        kWorkerLost,   // the worker died or passed the hard deadline; it is replaced
        kShuttingDown, // the server is stopping and takes no new requests
        kNoWorkers,    // no worker of this app could start
    };
    Kind kind = Kind::kReply;
    WorkReply reply;
    std::string message; // for the other kinds
};

// A short name of the kind for replies ("busy", "unknown app", ...).
const char* outcome_name(Outcome::Kind kind);

class Server {
  public:
    using Done = std::function<void(Outcome)>;

    // A client connection a worker may keep after answering on it (WorkRequest::lend), to
    // read the client's next request from it itself. While the worker holds it, the front
    // neither reads nor writes it. A request's Done with an outcome whose reply is `kept`
    // means the worker holds it; exactly one of these follows:
    struct Lending {
        // The worker took one whole request from the connection and runs it; returns that
        // request's Done (`delimiter`: it came from a REQ client), under the same rule.
        std::function<Done(bool delimiter)> took;
        // The connection is the front's again, with the bytes the worker read from it and
        // did not take, to be parsed as if the front had read them. `lost`: the worker
        // died holding it, and what it had read is unknown: the connection must close.
        std::function<void(std::string_view bytes, bool lost)> returned;
    };

    // `self` is the executable to start workers from (zvm-full).
    Server(std::string self, std::vector<AppConfig> apps);
    ~Server();

    // Starts every app's workers and waits until each said it is ready. On failure (an
    // app none of whose workers could start) returns false with *error naming the app.
    bool start(std::string* error);

    // Runs the request on a worker of `app` (or queues it); `done` gets its outcome,
    // maybe at once (unknown app, busy, shutting down). With request.reply other than
    // kServer, `reply_fd` is the client's connection for the worker to answer on,
    // borrowed for this call: it goes with the request to an idle worker, or the server
    // keeps a copy while the request waits (if it cannot make one, the reply comes back
    // through the server). The outcome says how much the worker sent (WorkReply::sent).
    // With request.lend and a direct reply, `lending` says what to do when the worker
    // keeps the connection (otherwise lend is cleared).
    void submit(const std::string& app, WorkRequest request, Done done, int reply_fd = -1,
                Lending lending = {});

    // The descriptors to poll for reading, and what to do when one is readable.
    std::vector<int> poll_fds() const;
    void on_readable(int fd);
    // Deadlines and restarts; returns the milliseconds until the next deadline (-1: none).
    int tick();

    // Stops taking requests; running and queued ones still finish, and the workers give
    // back the connections they hold.
    void drain();
    // True when draining and nothing is running, queued or held by a worker.
    bool drained() const;

    const AppConfig* app(const std::string& name) const;

  private:
    // A descriptor closed with its owner (move-only).
    class OwnedFd {
      public:
        OwnedFd() = default;
        explicit OwnedFd(int fd) : fd_(fd) {}
        OwnedFd(OwnedFd&& other) noexcept : fd_(other.release()) {}
        OwnedFd& operator=(OwnedFd&& other) noexcept;
        ~OwnedFd() { reset(); }
        int get() const { return fd_; }
        int release();
        void reset();

      private:
        int fd_ = -1;
    };
    struct Job {
        WorkRequest request;
        Done done;
        OwnedFd reply_fd; // a copy of the client's connection while the job waits
        Lending lending;  // for request.lend
    };
    struct Worker {
        int pid = -1;
        int fd = -1;
        bool ready = false;
        bool busy = false;
        FrameReader reader;
        Job job;
        uint64_t started_ns = 0;
        bool lent = false;     // it holds a client's connection (and may run a job from it)
        bool recalled = false; // kRecall sent since
        Lending lending;       // while lent
        // What it does with a held connection: for a request it runs from there without a
        // message (kTook comes only if the reply needs the server), when it dies or passes
        // the deadline.
        std::optional<HeldState> held;

        bool idle() const { return ready && !busy && !lent; }
    };
    struct Pool {
        AppConfig config;
        std::vector<std::unique_ptr<Worker>> workers;
        std::deque<Job> queue;
        int spawn_failures = 0;
    };

    bool spawn(Pool& pool, std::string* error);
    // Queues `job` (with a copy of `reply_fd` if it has one).
    void enqueue(Pool& pool, Job job, int reply_fd);
    // Sends `job` to `worker` with `reply_fd`, and on success moves it there.
    bool start_job(Worker& worker, Job& job, int reply_fd);
    void dispatch(Pool& pool);
    // Asks workers holding connections for them back: all while draining, otherwise as
    // many as requests wait.
    void recall(Pool& pool);
    void retire(Pool& pool, Worker& worker, const std::string& why);
    void handle_frame(Pool& pool, Worker& worker, FrameType type, const std::string& payload);

    std::string self_;
    std::map<std::string, Pool> pools_;
    uint64_t next_id_ = 1;
    bool draining_ = false;
};

} // namespace zvm::runtime::serve
