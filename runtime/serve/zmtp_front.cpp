#include "runtime/serve/zmtp_front.h"

#include "runtime/serve/request_header.h"
#include "runtime/serve/zmtp_reply.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace zvm::runtime::serve {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerEvent = 16;                     // then the other descriptors get their turn
constexpr size_t kMaxPendingOutput = 1 << 20;          // past it, the connection is not read
constexpr auto kAcceptPause = std::chrono::seconds(1); // after running out of descriptors

// A listening socket bound to `address`; -1 with *reason on failure.
int listen_on(const sockaddr* address, socklen_t size, std::string* reason) {
    const int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *reason = std::strerror(errno);
        return -1;
    }
    if (address->sa_family != AF_UNIX) {
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (::bind(fd, address, size) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        *reason = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

// tcp://HOST:PORT: HOST an IPv4 address, `*`, `localhost` or [IPv6 address]; PORT a number
// or `*` (any free port).
int listen_tcp(const std::string& rest, std::string* reason) {
    const size_t colon = rest.rfind(':');
    if (colon == std::string::npos) {
        *reason = "expected tcp://HOST:PORT";
        return -1;
    }
    const std::string host = rest.substr(0, colon), port_text = rest.substr(colon + 1);
    int port = 0;
    if (port_text != "*") {
        if (port_text.empty() || port_text.size() > 5 ||
            port_text.find_first_not_of("0123456789") != std::string::npos ||
            (port = std::stoi(port_text)) > 65535) {
            *reason = "the port must be a number up to 65535 or *";
            return -1;
        }
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(static_cast<uint16_t>(port));
        if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &a.sin6_addr) == 1)
            return listen_on(reinterpret_cast<sockaddr*>(&a), sizeof a, reason);
    } else {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        bool ok = true;
        if (host == "*") {
            a.sin_addr.s_addr = htonl(INADDR_ANY);
        } else if (host == "localhost") {
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        } else {
            ok = inet_pton(AF_INET, host.c_str(), &a.sin_addr) == 1;
        }
        if (ok) return listen_on(reinterpret_cast<sockaddr*>(&a), sizeof a, reason);
    }
    *reason = "the host must be an IPv4 address, *, localhost or [IPv6 address]";
    return -1;
}

// ipc://PATH: a Unix stream socket. A socket file already at PATH (left by an earlier
// server) is replaced; a leading '@' names an abstract socket.
int listen_ipc(const std::string& path, std::string* reason) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path) {
        *reason = "the path must have 1 to " + std::to_string(sizeof a.sun_path - 1) + " bytes";
        return -1;
    }
    std::memcpy(a.sun_path, path.data(), path.size());
    if (path[0] == '@') {
        a.sun_path[0] = '\0';
    } else {
        struct stat st;
        if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
    }
    const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() +
                                             (path[0] == '@' ? 0 : 1));
    return listen_on(reinterpret_cast<sockaddr*>(&a), size, reason);
}

} // namespace

ZmtpFront::~ZmtpFront() {
    for (auto& [id, c] : connections_)
        ::close(c.fd);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (!ipc_path_.empty()) ::unlink(ipc_path_.c_str());
}

bool ZmtpFront::start(const std::string& endpoint, std::string* error) {
    std::string reason;
    if (endpoint.rfind("tcp://", 0) == 0) {
        tcp_ = true;
        listen_fd_ = listen_tcp(endpoint.substr(6), &reason);
    } else if (endpoint.rfind("ipc://", 0) == 0) {
        const std::string path = endpoint.substr(6);
        listen_fd_ = listen_ipc(path, &reason);
        if (listen_fd_ >= 0 && path[0] != '@') ipc_path_ = path;
    } else {
        reason = "unsupported transport (tcp:// and ipc:// are supported)";
    }
    if (listen_fd_ < 0) {
        *error = "--zmq " + endpoint + ": " + reason;
        return false;
    }
    return true;
}

void ZmtpFront::add_poll_fds(std::vector<pollfd>* fds) {
    const auto now = Clock::now();
    for (auto& [id, c] : connections_)
        if (!c.zmtp.handshake_done() && now >= c.handshake_deadline) c.dead = true;
    close_dead();
    polled_.clear();
    if (listen_fd_ >= 0 && now >= accept_paused_until_) {
        fds->push_back({listen_fd_, POLLIN, 0});
        polled_.push_back(0);
    }
    for (const auto& [id, c] : connections_) {
        if (c.lent) continue; // its worker reads it
        const size_t pending = c.out.size() - c.out_pos;
        short events = 0;
        if (pending < kMaxPendingOutput) events |= POLLIN;
        if (pending > 0 && !c.worker_writing) events |= POLLOUT;
        fds->push_back({c.fd, events, 0});
        polled_.push_back(id);
    }
}

void ZmtpFront::handle_events(const std::vector<pollfd>& fds, size_t first) {
    for (size_t i = 0; i < polled_.size(); ++i) {
        const short revents = fds[first + i].revents;
        if (revents == 0) continue;
        if (polled_[i] == 0) {
            accept_all();
            continue;
        }
        const auto it = connections_.find(polled_[i]);
        if (it == connections_.end()) continue;
        if (revents & POLLOUT) write_pending(it->second);
        if (revents & (POLLIN | POLLHUP | POLLERR)) on_readable(polled_[i]);
    }
}

int ZmtpFront::timeout_ms() const {
    const auto now = Clock::now();
    Clock::time_point next = Clock::time_point::max();
    if (accept_paused_until_ > now) next = accept_paused_until_;
    for (const auto& [id, c] : connections_)
        if (!c.zmtp.handshake_done()) next = std::min(next, c.handshake_deadline);
    if (next == Clock::time_point::max()) return -1;
    if (next <= now) return 0;
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1);
}

void ZmtpFront::accept_all() {
    for (;;) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            // Out of descriptors (or memory): the connection waits in the backlog; the
            // listener is left out of poll for a while rather than reported ready at once.
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                accept_paused_until_ = Clock::now() + kAcceptPause;
            return;
        }
        if (tcp_) {
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        Connection& c = connections_[next_id_++];
        c.fd = fd;
        c.handshake_deadline = Clock::now() + handshake_time_;
        c.out.swap(c.zmtp.output()); // our greeting
        write_pending(c);
    }
}

void ZmtpFront::on_readable(uint64_t id) {
    char buffer[kReadChunk];
    for (int reads = 0; reads < kReadsPerEvent; ++reads) {
        Connection& c = connections_.at(id); // stays valid: connections close in close_dead()
        if (c.dead || c.lent || c.out.size() - c.out_pos >= kMaxPendingOutput) return;
        const ssize_t n = ::read(c.fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) {
            c.dead = true; // the peer closed (its replies are dropped) or the connection failed
            return;
        }
        take_bytes(id, std::string_view(buffer, static_cast<size_t>(n)));
        if (static_cast<size_t>(n) < sizeof buffer) return; // most likely nothing more yet
    }
}

void ZmtpFront::take_bytes(uint64_t id, std::string_view bytes) {
    Connection& c = connections_.at(id);
    const bool ok = c.zmtp.feed(bytes);
    c.out += c.zmtp.output(); // READY, PONG, ERROR
    c.zmtp.output().clear();
    if (!ok) {
        write_pending(c); // the ERROR command gets one try to leave
        c.dead = true;
        return;
    }
    std::vector<ZmtpConnection::Message> messages;
    messages.swap(c.zmtp.messages());
    if (messages.size() > 1) c.pipelines = true;
    // Only the last request may lend the connection, and only when nothing of a next
    // message has been read: the worker reads on from a message boundary.
    const bool boundary = c.zmtp.at_message_boundary();
    for (size_t i = 0; i < messages.size(); ++i)
        handle_message(id, std::move(messages[i]), boundary && i + 1 == messages.size());
    write_pending(c);
}

void ZmtpFront::handle_message(uint64_t id, std::vector<std::string> parts, bool may_lend) {
    ParsedRequest parsed;
    std::string error;
    if (!parse_request(std::move(parts), &parsed, &error)) {
        std::string bytes;
        zmtp_encode_error("bad request", error, parsed.delimiter, &bytes);
        send_bytes(id, bytes);
        return;
    }
    WorkRequest& request = parsed.request;
    // The worker answers on the connection itself (one process hop less) when nothing else
    // is being written there meanwhile: no other worker's answer, no bytes waiting. When no
    // other request of the connection is under way either, the worker may keep it and read
    // the next request itself (one more hop less); meanwhile this front does not read it.
    // A client that sends a request before the last one's reply (a DEALER pipelining) is
    // never lent to again: its worker would run one request after another alone while the
    // others wait unread.
    Connection& c = connections_.at(id);
    if (c.requests > 0) c.pipelines = true;
    const bool direct = !c.dead && !c.worker_writing && c.out_pos == c.out.size();
    if (direct) {
        c.worker_writing = true;
        request.reply = parsed.direct_reply();
        request.lend = may_lend && !c.pipelines;
        c.lent = request.lend;
    }
    ++c.requests;
    Server::Lending lending = request.lend ? lend(id) : Server::Lending{};
    server_.submit(parsed.app, std::move(request), reply_done(id, parsed.delimiter, direct),
                   direct ? c.fd : -1, std::move(lending));
}

Server::Done ZmtpFront::reply_done(uint64_t id, bool delimiter, bool direct) {
    return [this, id, delimiter, direct](Outcome outcome) {
        const auto it = connections_.find(id);
        if (it != connections_.end()) --it->second.requests;
        if (outcome.kind == Outcome::Kind::kReply && outcome.reply.kept)
            return; // all sent; the worker holds the connection (lend's callbacks follow)
        std::string bytes;
        uint64_t sent = 0;
        if (outcome.kind != Outcome::Kind::kReply) {
            // A worker lost while answering directly had not written: it writes only
            // after the instance ended, and tells the server right after.
            zmtp_encode_error(outcome_name(outcome.kind), outcome.message, delimiter, &bytes);
        } else if (!outcome.reply.all_sent) {
            zmtp_encode_reply(outcome.reply, delimiter, &bytes);
            sent = std::min<uint64_t>(outcome.reply.sent, bytes.size());
        }
        const std::string_view rest = std::string_view(bytes).substr(sent);
        if (direct)
            worker_done(id, rest);
        else
            send_bytes(id, rest);
    };
}

Server::Lending ZmtpFront::lend(uint64_t id) {
    Server::Lending lending;
    lending.took = [this, id](bool delimiter) {
        const auto it = connections_.find(id);
        if (it != connections_.end()) ++it->second.requests;
        return reply_done(id, delimiter, true);
    };
    lending.returned = [this, id](std::string_view bytes, bool lost) {
        const auto it = connections_.find(id);
        if (it == connections_.end()) return;
        Connection& c = it->second;
        c.lent = c.worker_writing = false;
        if (lost)
            c.dead = true; // part of the stream may be gone with the worker
        else if (!bytes.empty())
            take_bytes(id, bytes);
    };
    return lending;
}

void ZmtpFront::worker_done(uint64_t id, std::string_view rest) {
    const auto it = connections_.find(id);
    if (it == connections_.end()) return;
    Connection& c = it->second;
    // The rest of the worker's message goes before the messages held back meanwhile
    // (none of them was written: the pending bytes start at a message's start).
    if (!c.dead) c.out.insert(c.out_pos, rest);
    c.worker_writing = c.lent = false;
    write_pending(c);
}

void ZmtpFront::send_bytes(uint64_t id, std::string_view bytes) {
    const auto it = connections_.find(id);
    if (it == connections_.end() || it->second.dead) return; // dropped
    Connection& c = it->second;
    if (c.out_pos > 0) {
        c.out.erase(0, c.out_pos);
        c.out_pos = 0;
    }
    c.out.append(bytes);
    write_pending(c);
}

void ZmtpFront::write_pending(Connection& c) {
    if (c.worker_writing) return; // worker_done calls again
    while (c.out_pos < c.out.size() && !c.dead) {
        const ssize_t n =
            ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0) {
            c.dead = true;
            break;
        }
        c.out_pos += static_cast<size_t>(n);
    }
    if (c.dead || c.out_pos == c.out.size()) {
        c.out.clear();
        c.out_pos = 0;
    }
}

void ZmtpFront::close_dead() {
    for (auto it = connections_.begin(); it != connections_.end();) {
        if (it->second.dead) {
            ::close(it->second.fd);
            it = connections_.erase(it);
            accept_paused_until_ = {}; // a descriptor is free again
        } else {
            ++it;
        }
    }
}

void ZmtpFront::flush(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        close_dead();
        std::vector<pollfd> fds;
        std::vector<uint64_t> ids;
        for (const auto& [id, c] : connections_) {
            if (c.out_pos == c.out.size()) continue;
            fds.push_back({c.fd, POLLOUT, 0});
            ids.push_back(id);
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (fds.empty() || left.count() <= 0) return;
        if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR)
            return;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents & POLLOUT) write_pending(connections_.at(ids[i]));
            if (fds[i].revents & (POLLERR | POLLHUP)) connections_.at(ids[i]).dead = true;
        }
    }
}

} // namespace zvm::runtime::serve
