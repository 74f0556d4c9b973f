#include "runtime/serve/server.h"

#include "runtime/report.h"
#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace zvm::runtime::serve {
namespace {

// How long a worker may take to start (load, validate, its own start-up).
constexpr uint64_t kStartLimitNs = 30ULL * 1000000000ULL;
// A worker gets this long past the request's timeout before it is killed (the worker
// itself ends the instance at the timeout; this only catches a stuck worker).
constexpr double kGraceSeconds = 2.0;
// Start failures in a row after which a pool stops replacing its workers.
constexpr int kMaxSpawnFailures = 3;

void log(const std::string& text) {
    std::fprintf(stderr, "zvm serve: %s\n", text.c_str());
}

} // namespace

const char* outcome_name(Outcome::Kind kind) {
    switch (kind) {
    case Outcome::Kind::kReply:
        return "ok";
    case Outcome::Kind::kUnknownApp:
        return "unknown app";
    case Outcome::Kind::kBusy:
        return "busy";
    case Outcome::Kind::kWorkerLost:
        return "worker lost";
    case Outcome::Kind::kShuttingDown:
        return "shutting down";
    case Outcome::Kind::kNoWorkers:
        return "no workers";
    }
    return "?";
}

Server::OwnedFd& Server::OwnedFd::operator=(OwnedFd&& other) noexcept {
    if (this != &other) {
        reset();
        fd_ = other.release();
    }
    return *this;
}

int Server::OwnedFd::release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

void Server::OwnedFd::reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

Server::Server(std::string self, std::vector<AppConfig> apps) : self_(std::move(self)) {
    for (auto& app : apps)
        pools_[app.name].config = std::move(app);
}

Server::~Server() {
    for (auto& [name, pool] : pools_) {
        for (auto& w : pool.workers) {
            ::close(w->fd);
            ::kill(w->pid, SIGKILL);
            ::waitpid(w->pid, nullptr, 0);
        }
    }
}

const AppConfig* Server::app(const std::string& name) const {
    const auto it = pools_.find(name);
    return it == pools_.end() ? nullptr : &it->second.config;
}

bool Server::spawn(Pool& pool, std::string* error) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        *error = std::string("socketpair: ") + std::strerror(errno);
        return false;
    }
    std::optional<HeldState> held = HeldState::create(error);
    if (!held) {
        ::close(sv[0]);
        ::close(sv[1]);
        return false;
    }
    const AppConfig& c = pool.config;
    std::vector<std::string> args = {self_,  "worker", "--name",          c.name,
                                     "--fd", "3",      "--held-state-fd", "4"};
    if (c.snapshot_call) args.push_back("--snapshot");
    if (c.timeout > 0) args.insert(args.end(), {"--timeout", strprintf("%g", c.timeout)});
    if (c.memory > 0) args.insert(args.end(), {"--memory", std::to_string(c.memory)});
    args.insert(args.end(), {"--max-output", std::to_string(c.max_output), c.zapp});
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 3); // dup2 clears FD_CLOEXEC
    posix_spawn_file_actions_adddup2(&actions, held->fd(), 4);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, self_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(sv[1]);
    held->close_fd(); // the mapping stays
    if (rc != 0) {
        ::close(sv[0]);
        *error = "cannot start a worker (" + self_ + "): " + std::strerror(rc);
        return false;
    }
    auto w = std::make_unique<Worker>();
    w->pid = pid;
    w->fd = sv[0];
    w->started_ns = monotonic_ns();
    w->held = std::move(held);
    pool.workers.push_back(std::move(w));
    return true;
}

bool Server::start(std::string* error) {
    for (auto& [name, pool] : pools_) {
        for (int i = 0; i < pool.config.workers; ++i)
            if (!spawn(pool, error)) return false;
    }
    // Wait for every worker's kReady.
    const uint64_t deadline = monotonic_ns() + kStartLimitNs;
    for (;;) {
        bool waiting = false;
        for (auto& [name, pool] : pools_)
            for (auto& w : pool.workers)
                waiting = waiting || !w->ready;
        if (!waiting) break;
        const uint64_t now = monotonic_ns();
        if (now >= deadline) {
            *error = "workers did not start within 30 s";
            return false;
        }
        std::vector<pollfd> fds;
        for (const int fd : poll_fds())
            fds.push_back({fd, POLLIN, 0});
        const int ms = static_cast<int>((deadline - now) / 1000000) + 1;
        if (::poll(fds.data(), fds.size(), ms) < 0 && errno != EINTR) {
            *error = std::string("poll: ") + std::strerror(errno);
            return false;
        }
        for (const auto& p : fds)
            if (p.revents) on_readable(p.fd);
        for (auto& [name, pool] : pools_) {
            if (pool.workers.empty()) {
                *error = "app " + name + ": no worker could start (see above)";
                return false;
            }
        }
    }
    return true;
}

void Server::submit(const std::string& app, WorkRequest request, Done done, int reply_fd,
                    Lending lending) {
    if (reply_fd < 0) request.reply = WorkRequest::Reply::kServer;
    request.lend = request.lend && request.reply != WorkRequest::Reply::kServer && lending.took &&
                   lending.returned;
    const auto it = pools_.find(app);
    Outcome refusal;
    if (it == pools_.end()) {
        refusal.kind = Outcome::Kind::kUnknownApp;
        refusal.message = "no app named '" + app + "'";
    } else if (draining_) {
        refusal.kind = Outcome::Kind::kShuttingDown;
        refusal.message = "the server is shutting down";
    } else if (it->second.workers.empty()) {
        refusal.kind = Outcome::Kind::kNoWorkers;
        refusal.message = "app " + app + " has no worker (they failed to start)";
    } else if (it->second.queue.size() >= it->second.config.queue) {
        refusal.kind = Outcome::Kind::kBusy;
        refusal.message = strprintf("app %s: all workers busy and %zu requests queued", app.c_str(),
                                    it->second.queue.size());
    } else {
        Pool& pool = it->second;
        request.id = next_id_++;
        Job job{std::move(request), std::move(done), OwnedFd(), std::move(lending)};
        // Straight to an idle worker when none is waiting: the front's own descriptor
        // travels with the request, no copy needed.
        for (auto& w : pool.workers) {
            if (!pool.queue.empty()) break;
            if (!w->idle()) continue;
            if (start_job(*w, job, reply_fd)) return;
            const std::string why =
                std::string("cannot write to the worker: ") + std::strerror(errno);
            enqueue(pool, std::move(job), reply_fd);
            retire(pool, *w, why); // takes care of the queue if no worker is left
            return;
        }
        enqueue(pool, std::move(job), reply_fd);
        dispatch(pool);
        return;
    }
    done(std::move(refusal));
}

void Server::enqueue(Pool& pool, Job job, int reply_fd) {
    if (job.request.reply != WorkRequest::Reply::kServer) {
        // Its own copy of the connection: the front may close its descriptor meanwhile,
        // and the number be reused. Without one, the reply goes through the front.
        job.reply_fd = OwnedFd(::fcntl(reply_fd, F_DUPFD_CLOEXEC, 0));
        if (job.reply_fd.get() < 0) {
            job.request.reply = WorkRequest::Reply::kServer;
            job.request.lend = false;
        }
    }
    pool.queue.push_back(std::move(job));
}

bool Server::start_job(Worker& worker, Job& job, int reply_fd) {
    const int fd = job.request.reply == WorkRequest::Reply::kServer ? -1 : reply_fd;
    if (!send_frame(worker.fd, FrameType::kRequest, encode(job.request), fd)) return false;
    job.reply_fd.reset(); // the worker has its own copy
    worker.busy = true;
    worker.job = std::move(job);
    worker.started_ns = monotonic_ns();
    return true;
}

void Server::dispatch(Pool& pool) {
    for (auto& w : pool.workers) {
        if (pool.queue.empty()) break;
        if (!w->idle()) continue;
        Job job = std::move(pool.queue.front());
        pool.queue.pop_front();
        if (!start_job(*w, job, job.reply_fd.get())) {
            pool.queue.push_front(std::move(job));
            retire(pool, *w, std::string("cannot write to the worker: ") + std::strerror(errno));
            return; // retire changed pool.workers; the next event dispatches again
        }
    }
    recall(pool);
}

void Server::recall(Pool& pool) {
    const size_t wanted = draining_ ? pool.workers.size() : pool.queue.size();
    size_t asked = 0;
    for (const auto& w : pool.workers)
        asked += w->lent && w->recalled ? 1 : 0;
    for (auto& w : pool.workers) {
        if (asked >= wanted) return;
        if (!w->lent || w->recalled) continue;
        if (!send_frame(w->fd, FrameType::kRecall, "")) {
            retire(pool, *w, std::string("cannot write to the worker: ") + std::strerror(errno));
            return; // retire changed pool.workers
        }
        w->recalled = true;
        ++asked;
    }
}

void Server::drain() {
    draining_ = true;
    for (auto& [name, pool] : pools_)
        recall(pool);
}

void Server::retire(Pool& pool, Worker& worker, const std::string& why) {
    ::kill(worker.pid, SIGKILL);
    ::close(worker.fd);
    int wstatus = 0;
    ::waitpid(worker.pid, &wstatus, 0);
    const bool was_ready = worker.ready;
    Job job = std::move(worker.job);
    const bool busy = worker.busy;
    // Holding a connection: running a request it read from there, that request's outcome
    // gives the connection back (the worker had read exactly that request). Without one,
    // what it read from the connection is unknown: it closes.
    Lending held_connection = !busy && worker.lent ? std::move(worker.lending) : Lending{};
    const HeldState::Reading held =
        held_connection.took ? worker.held->read() : HeldState::Reading{};
    std::erase_if(pool.workers, [&](const auto& w) { return w.get() == &worker; });
    Outcome lost;
    lost.kind = Outcome::Kind::kWorkerLost;
    lost.message = why;
    if (busy) {
        job.done(std::move(lost));
    } else if (held.valid && held.running) {
        held_connection.took(held.reply == WorkRequest::Reply::kZmtpDelimited)(std::move(lost));
    } else if (held_connection.returned) {
        held_connection.returned({}, true);
    }
    if (!was_ready) ++pool.spawn_failures;
    if (draining_ || pool.spawn_failures >= kMaxSpawnFailures) {
        if (!draining_)
            log("app " + pool.config.name + ": workers keep failing to start; not replacing");
        if (pool.workers.empty()) {
            // Nobody will take the queued requests.
            while (!pool.queue.empty()) {
                Job queued = std::move(pool.queue.front());
                pool.queue.pop_front();
                Outcome none;
                none.kind = Outcome::Kind::kNoWorkers;
                none.message = "app " + pool.config.name + " has no worker left";
                queued.done(std::move(none));
            }
        }
        return;
    }
    std::string error;
    if (!spawn(pool, &error)) log("app " + pool.config.name + ": " + error);
}

void Server::handle_frame(Pool& pool, Worker& worker, FrameType type, const std::string& payload) {
    if (type == FrameType::kReady && !worker.ready) {
        ReadyMessage ready;
        if (!decode(payload, &ready) || !ready.ok) {
            log("app " + pool.config.name + ": a worker could not start: " +
                (ready.message.empty() ? "malformed message" : ready.message));
            retire(pool, worker, "start-up failed");
            return;
        }
        worker.ready = true;
        pool.spawn_failures = 0;
        dispatch(pool);
        return;
    }
    if (type == FrameType::kTook) {
        const auto mode = payload.size() == 1 ? static_cast<uint8_t>(payload[0]) : 0;
        if (!worker.lent || worker.busy ||
            (mode != static_cast<uint8_t>(WorkRequest::Reply::kZmtp) &&
             mode != static_cast<uint8_t>(WorkRequest::Reply::kZmtpDelimited))) {
            retire(pool, worker, "the worker sent a malformed message");
            return;
        }
        Job job;
        job.request.id = 0; // the worker's own; its reply says 0
        job.request.reply = static_cast<WorkRequest::Reply>(mode);
        job.request.lend = true;
        job.done = worker.lending.took(job.request.reply == WorkRequest::Reply::kZmtpDelimited);
        worker.busy = true;
        worker.job = std::move(job);
        worker.started_ns = monotonic_ns();
        return;
    }
    if (type == FrameType::kGiveBack) {
        if (!worker.lent || worker.busy) {
            retire(pool, worker, "the worker sent a malformed message");
            return;
        }
        Lending lending = std::move(worker.lending);
        worker.lending = {};
        worker.lent = worker.recalled = false;
        // May submit requests (to this worker, too) and so retire workers: `worker` is
        // not used after it.
        lending.returned(payload, false);
        dispatch(pool);
        return;
    }
    WorkReply reply;
    const WorkRequest& request = worker.job.request;
    if (type != FrameType::kReply || !worker.busy || !decode(payload, &reply) ||
        reply.id != request.id ||
        (request.reply == WorkRequest::Reply::kServer && (reply.sent != 0 || reply.all_sent)) ||
        (reply.kept && (!request.lend || !reply.all_sent || reply.last))) {
        retire(pool, worker, "the worker sent a malformed message");
        return;
    }
    Job job = std::move(worker.job);
    worker.busy = false;
    const bool last = reply.last;
    if (reply.kept && !worker.lent) {
        worker.lending = std::move(job.lending);
        worker.lent = true;
    } else if (!reply.kept) {
        worker.lending = {};
        worker.lent = worker.recalled = false;
    }
    Outcome done;
    done.reply = std::move(reply);
    // A worker whose reply is its last gets nothing more: replaced before the reply is
    // delivered (and before anything queued is dispatched), it is idle, so nothing is lost.
    if (last) retire(pool, worker, "replaced after a runtime error");
    job.done(std::move(done));
    dispatch(pool);
}

std::vector<int> Server::poll_fds() const {
    std::vector<int> fds;
    for (const auto& [name, pool] : pools_)
        for (const auto& w : pool.workers)
            fds.push_back(w->fd);
    return fds;
}

void Server::on_readable(int fd) {
    for (auto& [name, pool] : pools_) {
        for (auto& wp : pool.workers) {
            Worker& w = *wp;
            if (w.fd != fd) continue;
            char buf[65536];
            // Not blocking: a descriptor polled as readable may since belong to a new worker.
            const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
            if (n <= 0) {
                retire(pool, w, "the worker ended unexpectedly");
                return;
            }
            w.reader.feed(buf, static_cast<size_t>(n));
            FrameType type;
            std::string payload;
            bool broken = false;
            // The worker may be retired while handling a frame: look it up again each time.
            while (true) {
                const auto it = std::find_if(pool.workers.begin(), pool.workers.end(),
                                             [&](const auto& p) { return p.get() == &w; });
                if (it == pool.workers.end()) return;
                if (!w.reader.next(&type, &payload, &broken)) break;
                handle_frame(pool, w, type, payload);
            }
            if (broken) retire(pool, w, "the worker sent an oversized frame");
            return;
        }
    }
}

int Server::tick() {
    const uint64_t now = monotonic_ns();
    int next_ms = -1;
    for (auto& [name, pool] : pools_) {
        const double limit = pool.config.timeout > 0 ? pool.config.timeout + kGraceSeconds : 0;
        const uint64_t limit_ns = static_cast<uint64_t>(limit * 1e9);
        for (size_t i = 0; i < pool.workers.size(); ++i) {
            Worker& w = *pool.workers[i];
            uint64_t deadline = 0;
            if (!w.ready) {
                deadline = w.started_ns + kStartLimitNs;
            } else if (w.busy && limit > 0) {
                deadline = w.started_ns + limit_ns;
            } else if (w.lent && limit > 0) {
                // It may run a request from the connection it holds without a message.
                const HeldState::Reading held = w.held->read();
                if (!held.valid) {
                    retire(pool, w, "the worker's held state is malformed");
                    return 0;
                }
                // Idle now: a request it takes next ends at the soonest a limit from now.
                deadline =
                    held.running ? std::min(held.started_ns, now) + limit_ns : now + limit_ns;
            } else {
                continue;
            }
            if (now >= deadline) {
                retire(pool, w,
                       w.ready ? "the worker did not end the request at its timeout"
                               : "the worker did not start in time");
                return 0; // the pool changed: look again at once
            }
            const int ms = static_cast<int>((deadline - now) / 1000000) + 1;
            next_ms = next_ms < 0 ? ms : std::min(next_ms, ms);
        }
    }
    return next_ms;
}

bool Server::drained() const {
    if (!draining_) return false;
    for (const auto& [name, pool] : pools_) {
        if (!pool.queue.empty()) return false;
        for (const auto& w : pool.workers)
            if (w->busy || w->lent) return false;
    }
    return true;
}

} // namespace zvm::runtime::serve
