#include "runtime/channels/zmq_channel.h"

#include "runtime/text.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <netdb.h>
#include <sys/socket.h>

namespace zvm::runtime {
namespace {

// How often a writer retries to connect while its reader is not there (ZeroMQ doubles
// the interval up to the maximum).
constexpr int kReconnectMs = 10;
constexpr int kReconnectMaxMs = 200;

// The numeric address of `host` ("127.0.0.1", "[::1]"), looked up now: ZeroMQ would look
// names up in its I/O thread at every reconnection, which the seccomp filter forbids.
bool resolve(const std::string& host, std::string* address, bool* ipv6, std::string* error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0 || found == nullptr) {
        *error = "cannot resolve the host '" + host +
                 "': " + (rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc));
        return false;
    }
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        found->ai_family == AF_INET6
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr);
    *ipv6 = found->ai_family == AF_INET6;
    const bool ok = inet_ntop(found->ai_family, raw, text, sizeof text) != nullptr;
    freeaddrinfo(found);
    if (!ok) {
        *error = "cannot resolve the host '" + host + "': " + std::strerror(errno);
        return false;
    }
    *address = *ipv6 ? "[" + std::string(text) + "]" : std::string(text);
    return true;
}

std::string zmq_error() {
    return zmq_strerror(zmq_errno());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

std::unique_ptr<Channel> ZmqChannel::open(const ChannelSpec& spec, double session_timeout,
                                          std::string* error) {
    const std::string where = "channel '" + spec.uri + "': ";
    NetworkUri uri;
    if (!parse_network_uri(spec.uri, &uri, error)) {
        *error = where + *error;
        return nullptr;
    }
    if (spec.readable() && spec.writable()) {
        *error = where + "a network channel is read-only (a PULL socket) or write-only (a PUSH "
                         "socket), not both: set gets and getsize, or puts and putsize, to 0";
        return nullptr;
    }
    if (spec.type != ChannelType::kSequential) {
        *error = where + strprintf("network channels are sequential: type 0, not %d",
                                   static_cast<int>(spec.type));
        return nullptr;
    }
    const bool reader = spec.readable();
    std::string endpoint;
    bool ipv6 = false;
    if (uri.transport == NetworkUri::Transport::kIpc) {
        endpoint = "ipc://" + uri.path;
    } else if (uri.host == "*") {
        if (!reader) {
            *error = where + "a writer connects to its reader's address: '*' names no host";
            return nullptr;
        }
        endpoint = strprintf("tcp://*:%u", uri.port);
        ipv6 = true; // every IPv6 and IPv4 interface
    } else {
        std::string address;
        if (!resolve(uri.host, &address, &ipv6, error)) {
            *error = where + *error;
            return nullptr;
        }
        endpoint = strprintf("tcp://%s:%u", address.c_str(), uri.port);
    }

    // One malloc arena for every thread, set before ZeroMQ starts its threads: a block that
    // an I/O thread allocated in an arena of its own and the runtime's thread frees would
    // shrink that arena's heap, and glibc then reads /proc/sys/vm/overcommit_memory, which
    // the seccomp filter forbids once the sandbox runs.
    mallopt(M_ARENA_MAX, 1);
    void* context = zmq_ctx_new();
    if (context == nullptr) {
        *error = where + "cannot create a ZeroMQ context: " + zmq_error();
        return nullptr;
    }
    void* socket = zmq_socket(context, reader ? ZMQ_PULL : ZMQ_PUSH);
    auto fail = [&](const std::string& what) {
        *error = where + what + ": " + zmq_error();
        if (socket != nullptr) {
            const int zero = 0;
            zmq_setsockopt(socket, ZMQ_LINGER, &zero, sizeof zero);
            zmq_close(socket);
        }
        zmq_ctx_term(context);
        return nullptr;
    };
    if (socket == nullptr) return fail("cannot create a ZeroMQ socket");
    const int on = ipv6 ? 1 : 0;
    const int reconnect = kReconnectMs, reconnect_max = kReconnectMaxMs;
    if (zmq_setsockopt(socket, ZMQ_IPV6, &on, sizeof on) != 0 ||
        zmq_setsockopt(socket, ZMQ_RECONNECT_IVL, &reconnect, sizeof reconnect) != 0 ||
        zmq_setsockopt(socket, ZMQ_RECONNECT_IVL_MAX, &reconnect_max, sizeof reconnect_max) != 0)
        return fail("cannot set the socket's options");
    if (reader ? zmq_bind(socket, endpoint.c_str()) != 0
               : zmq_connect(socket, endpoint.c_str()) != 0)
        return fail(reader ? "cannot bind " + endpoint + " (a reader binds its address)"
                           : "cannot connect to " + endpoint);
    return std::unique_ptr<Channel>(
        new ZmqChannel(spec, context, socket, std::move(endpoint), session_timeout));
}

ZmqChannel::ZmqChannel(ChannelSpec spec, void* context, void* socket, std::string endpoint,
                       double session_timeout)
    : Channel(std::move(spec)), context_(context), socket_(socket), endpoint_(std::move(endpoint)),
      session_timeout_(session_timeout) {
    zmq_msg_init(&pending_);
}

ZmqChannel::~ZmqChannel() {
    if (writable()) {
        end_stream();
    } else {
        const int zero = 0;
        zmq_setsockopt(socket_, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(socket_);
    }
    zmq_msg_close(&pending_);
    if (context_ != nullptr) {
        while (zmq_ctx_term(context_) != 0 && zmq_errno() == EINTR) {
        }
    }
}

void ZmqChannel::end_stream() {
    // The empty message, then the wait for the queue to drain: both bounded together by
    // the session timeout (no bound without one).
    const auto start = std::chrono::steady_clock::now();
    const int limit_ms = session_timeout_ > 0
                             ? static_cast<int>(std::min(std::ceil(session_timeout_ * 1000), 2e9))
                             : -1;
    zmq_setsockopt(socket_, ZMQ_SNDTIMEO, &limit_ms, sizeof limit_ms);
    int rc;
    do {
        rc = zmq_send(socket_, "", 0, 0);
    } while (rc != 0 && zmq_errno() == EINTR);
    if (rc != 0) {
        std::fprintf(stderr,
                     "zvm: channel '%s': cannot send the end of stream (%s): the reader at %s "
                     "did not take the data within the session timeout; unsent data was "
                     "dropped\n",
                     spec().uri.c_str(), zmq_error().c_str(), endpoint_.c_str());
        const int zero = 0;
        zmq_setsockopt(socket_, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(socket_);
        return;
    }
    int left_ms = -1;
    if (limit_ms >= 0)
        left_ms = std::max(0, limit_ms - static_cast<int>(seconds_since(start) * 1000));
    zmq_setsockopt(socket_, ZMQ_LINGER, &left_ms, sizeof left_ms);
    zmq_close(socket_);
    // zmq_ctx_term (in the destructor) waits for the queue; measure it here.
    const auto drain = std::chrono::steady_clock::now();
    while (zmq_ctx_term(context_) != 0 && zmq_errno() == EINTR) {
    }
    context_ = nullptr;
    if (left_ms >= 0 && seconds_since(drain) * 1000 >= left_ms)
        std::fprintf(stderr,
                     "zvm: channel '%s': the reader at %s did not take all the data within the "
                     "session timeout; what was left was dropped\n",
                     spec().uri.c_str(), endpoint_.c_str());
}

int64_t ZmqChannel::write_some(std::span<const iovec> iov, std::optional<uint64_t>) {
    size_t size = 0;
    for (const iovec& v : iov)
        size += std::min(v.iov_len, kMaxWriteBytes - size);
    zmq_msg_t msg;
    if (zmq_msg_init_size(&msg, size) != 0) return -ENOMEM;
    auto* out = static_cast<uint8_t*>(zmq_msg_data(&msg));
    size_t left = size;
    for (const iovec& v : iov) {
        const size_t n = std::min(v.iov_len, left);
        std::memcpy(out, v.iov_base, n);
        out += n;
        left -= n;
    }
    if (zmq_msg_send(&msg, socket_, 0) < 0) {
        const int err = zmq_errno();
        zmq_msg_close(&msg);
        return err == EINTR ? -EINTR : -EIO;
    }
    return static_cast<int64_t>(size);
}

int64_t ZmqChannel::read_some(std::span<const iovec> iov, std::optional<uint64_t>) {
    size_t copied = 0, index = 0, at = 0; // into iov[index] at byte `at`
    while (!ended_ && index < iov.size()) {
        if (!has_pending_) {
            if (zmq_msg_recv(&pending_, socket_, copied > 0 ? ZMQ_DONTWAIT : 0) < 0) {
                const int err = zmq_errno();
                if (copied > 0 && (err == EAGAIN || err == EINTR)) break;
                return err == EINTR ? -EINTR : -EIO;
            }
            if (zmq_msg_size(&pending_) == 0) {
                ended_ = true;
                break;
            }
            has_pending_ = true;
            pending_at_ = 0;
        }
        const auto* data = static_cast<const uint8_t*>(zmq_msg_data(&pending_));
        const size_t left = zmq_msg_size(&pending_) - pending_at_;
        const size_t room = iov[index].iov_len - at;
        const size_t n = std::min(left, room);
        std::memcpy(static_cast<uint8_t*>(iov[index].iov_base) + at, data + pending_at_, n);
        copied += n;
        pending_at_ += n;
        at += n;
        if (at == iov[index].iov_len) {
            ++index;
            at = 0;
        }
        if (pending_at_ == zmq_msg_size(&pending_)) has_pending_ = false;
    }
    return static_cast<int64_t>(copied);
}

} // namespace zvm::runtime
