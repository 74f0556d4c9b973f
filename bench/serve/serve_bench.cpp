// Serving benchmark (issue 6, item 7): the hello zapp through `zvm serve`, driven
//   over ZeroMQ (a DEALER socket: one request in flight, then N in flight) and
//   over HTTP (raw keep-alive connections: one, then N, each with one request in flight),
// next to the same harness spawning the natively built hello per request (fork + exec,
// stdout read through a pipe: one at a time, then N at a time), all in the same run.
// Every reply is checked: request i passes the argument "r<i>", and hello answers
// "Hello from the zvm sandbox!\nr<i>\n" with exit status 1 (its argument count).
// Prints p50, p99 and requests per second per scenario and the ratios serve / fork+exec.
//
//   serve_bench ZVM HELLO_ZAPP HELLO_NATIVE [--short] [--workers N] [--inflight N]
//
// --short: few requests per scenario (the ctest); exit status 0 iff every reply was right.
#include "tests/support/free_port.h"
#include "tests/support/serve_launcher.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <zmq.h>

extern char** environ;

namespace {

constexpr int kReplyTimeoutMs = 20000; // a reply that takes longer is a failure

uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

std::string request_arg(int i) {
    return "r" + std::to_string(i);
}
std::string expected_output(int i) {
    return "Hello from the zvm sandbox!\n" + request_arg(i) + "\n";
}
constexpr int kExpectedStatus = 1; // hello exits with its argument count

// The request number in a reply's stdout, or -1 when the stdout is not hello's answer to
// some request.
int request_of(const std::string& out) {
    const std::string head = "Hello from the zvm sandbox!\nr";
    if (out.compare(0, head.size(), head) != 0 || out.back() != '\n') return -1;
    const std::string digits = out.substr(head.size(), out.size() - head.size() - 1);
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::stoi(digits);
}

struct Result {
    std::string name;
    std::vector<double> latencies_us; // of the requests answered correctly
    double seconds = 0;
    int requests = 0;
    int failures = 0;
    std::string first_failure;

    void fail(const std::string& why) {
        if (failures++ == 0) first_failure = why;
    }
    double percentile(double p) const {
        if (latencies_us.empty()) return 0;
        std::vector<double> v = latencies_us;
        std::sort(v.begin(), v.end());
        const size_t k = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * v.size()));
        return v[k];
    }
    double rps() const { return seconds > 0 ? latencies_us.size() / seconds : 0; }
};

// ---- ZeroMQ ----------------------------------------------------------------------------

// The request header for request `i` (what nlohmann would write: no document built per
// request in the client, which shares the two cores with the server).
std::string zmq_request(int i) {
    return "{\"app\":\"hello\",\"args\":[\"" + request_arg(i) + "\"]}";
}

// Receives one reply [header, stdout, stderr]; false on timeout (the socket's
// ZMQ_RCVTIMEO: a blocking receive, as a plain client would do, not zmq_poll first).
bool zmq_receive_reply(void* socket, std::vector<std::string>* frames) {
    frames->clear();
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, socket, 0) < 0) {
            zmq_msg_close(&msg);
            return false;
        }
        frames->emplace_back(static_cast<const char*>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        const bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        if (!more) return true;
    }
}

// Checks a ZeroMQ reply; returns its request number or -1 (with the failure recorded).
int zmq_check_reply(const std::vector<std::string>& frames, Result* r) {
    if (frames.size() != 3) {
        r->fail("reply of " + std::to_string(frames.size()) + " frames" +
                (frames.empty() ? "" : ": " + frames[0]));
        return -1;
    }
    const auto header = nlohmann::json::parse(frames[0], nullptr, false);
    if (header.is_discarded() || !header.contains("status") ||
        header["status"] != kExpectedStatus) {
        r->fail("reply header " + frames[0]);
        return -1;
    }
    const int id = request_of(frames[1]);
    if (id < 0) r->fail("stdout '" + frames[1] + "'");
    return id;
}

Result bench_zmq(void* context, const std::string& endpoint, int count, int inflight) {
    Result r;
    r.name = "zvm serve, ZeroMQ, " + std::to_string(inflight) + " in flight";
    r.requests = count;
    void* socket = zmq_socket(context, ZMQ_DEALER);
    const int linger = 0;
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    const int receive_timeout = kReplyTimeoutMs;
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &receive_timeout, sizeof receive_timeout);
    zmq_connect(socket, endpoint.c_str());
    const auto send_next = [&](int i) {
        const std::string text = zmq_request(i);
        zmq_send(socket, text.data(), text.size(), 0);
    };
    std::map<int, uint64_t> sent; // request -> when it was sent
    int next = 0;
    std::vector<std::string> frames;
    const uint64_t start = now_ns();
    while (next < count && static_cast<int>(sent.size()) < inflight) {
        sent[next] = now_ns();
        send_next(next++);
    }
    while (!sent.empty()) {
        if (!zmq_receive_reply(socket, &frames)) {
            r.fail("no reply within " + std::to_string(kReplyTimeoutMs) + " ms");
            break;
        }
        const uint64_t t = now_ns();
        const int id = zmq_check_reply(frames, &r);
        auto it = sent.find(id);
        if (it == sent.end()) {
            if (id >= 0) r.fail("a reply to request " + std::to_string(id) + " not in flight");
            break; // the reply cannot be matched: stop rather than wait for it forever
        }
        r.latencies_us.push_back((t - it->second) / 1e3);
        sent.erase(it);
        if (next < count) {
            sent[next] = now_ns();
            send_next(next++);
        }
    }
    r.seconds = (now_ns() - start) / 1e9;
    zmq_close(socket);
    return r;
}

// ---- HTTP ------------------------------------------------------------------------------

struct HttpConnection {
    int fd = -1;
    std::string in;   // bytes received and not yet parsed
    int request = -1; // the request in flight, or -1
    uint64_t sent_ns = 0;
};

int connect_tcp(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool http_send_request(HttpConnection& c, int i) {
    const std::string text =
        "GET /run/hello?arg=" + request_arg(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    c.request = i;
    c.sent_ns = now_ns();
    return ::send(c.fd, text.data(), text.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(text.size());
}

// Parses one complete response off the front of c.in: 1 done (*status, *zvm_status, *body
// set), 0 incomplete, -1 malformed.
int http_parse_response(HttpConnection& c, int* status, int* zvm_status, std::string* body) {
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) return 0;
    std::istringstream head(c.in.substr(0, end));
    std::string line;
    std::getline(head, line);
    if (line.compare(0, 9, "HTTP/1.1 ") != 0) return -1;
    *status = std::atoi(line.c_str() + 9);
    long length = -1;
    *zvm_status = -1;
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos) return -1;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        const char* value = line.c_str() + colon + 1;
        if (name == "content-length") length = std::atol(value);
        if (name == "x-zvm-status") *zvm_status = std::atoi(value);
    }
    if (length < 0) return -1; // this client reads Content-Length bodies only
    if (c.in.size() < end + 4 + static_cast<size_t>(length)) return 0;
    *body = c.in.substr(end + 4, static_cast<size_t>(length));
    c.in.erase(0, end + 4 + static_cast<size_t>(length));
    return 1;
}

Result bench_http(int port, int count, int connections) {
    Result r;
    r.name = "zvm serve, HTTP, " + std::to_string(connections) + " keep-alive conn.";
    r.requests = count;
    std::vector<HttpConnection> conns(static_cast<size_t>(connections));
    for (auto& c : conns) {
        c.fd = connect_tcp(port);
        if (c.fd < 0) {
            r.fail(std::string("connect: ") + std::strerror(errno));
            for (auto& o : conns)
                if (o.fd >= 0) ::close(o.fd);
            return r;
        }
    }
    int next = 0, in_flight = 0;
    const uint64_t start = now_ns();
    for (auto& c : conns) {
        if (next == count) break;
        if (!http_send_request(c, next++)) r.fail("send failed");
        ++in_flight;
    }
    std::vector<pollfd> fds(conns.size());
    char buf[65536];
    while (in_flight > 0 && r.failures == 0) {
        for (size_t k = 0; k < conns.size(); ++k)
            fds[k] = {conns[k].fd, POLLIN, 0};
        if (::poll(fds.data(), fds.size(), kReplyTimeoutMs) <= 0) {
            r.fail("no reply within " + std::to_string(kReplyTimeoutMs) + " ms");
            break;
        }
        for (size_t k = 0; k < conns.size(); ++k) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            HttpConnection& c = conns[k];
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n <= 0) {
                r.fail("connection closed by the server");
                break;
            }
            c.in.append(buf, static_cast<size_t>(n));
            int status = 0, zvm_status = 0;
            std::string body;
            const int parsed = http_parse_response(c, &status, &zvm_status, &body);
            if (parsed == 0) continue;
            const uint64_t t = now_ns();
            --in_flight;
            if (parsed < 0 || status != 200 || zvm_status != kExpectedStatus ||
                body != expected_output(c.request)) {
                r.fail("reply to request " + std::to_string(c.request) + ": HTTP " +
                       std::to_string(status) + ", X-Zvm-Status " + std::to_string(zvm_status) +
                       ", body '" + body + "'");
                break;
            }
            r.latencies_us.push_back((t - c.sent_ns) / 1e3);
            if (next < count) {
                if (!http_send_request(c, next++)) r.fail("send failed");
                ++in_flight;
            }
        }
    }
    r.seconds = (now_ns() - start) / 1e9;
    for (auto& c : conns)
        ::close(c.fd);
    return r;
}

// ---- fork + exec -----------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    int out = -1; // the read end of its stdout
    int request = -1;
    uint64_t start_ns = 0;
    std::string output;
};

bool spawn_native(const std::string& program, int i, Child* c) {
    int pipefd[2];
    if (::pipe2(pipefd, O_CLOEXEC) != 0) return false;
    const std::string arg = request_arg(i);
    c->request = i;
    c->output.clear();
    c->start_ns = now_ns();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipefd[1], 1);
        char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(arg.c_str()),
                        nullptr};
        ::execve(argv[0], argv, environ);
        ::_exit(127);
    }
    ::close(pipefd[1]);
    if (pid < 0) {
        ::close(pipefd[0]);
        return false;
    }
    c->pid = pid;
    c->out = pipefd[0];
    return true;
}

Result bench_fork_exec(const std::string& program, int count, int parallel) {
    Result r;
    r.name = "fork+exec native hello, " + std::to_string(parallel) + " at a time";
    r.requests = count;
    std::vector<Child> running;
    int next = 0;
    char buf[4096];
    const uint64_t start = now_ns();
    while ((next < count || !running.empty()) && r.failures == 0) {
        while (next < count && static_cast<int>(running.size()) < parallel) {
            Child c;
            if (!spawn_native(program, next++, &c)) {
                r.fail(std::string("fork: ") + std::strerror(errno));
                break;
            }
            running.push_back(std::move(c));
        }
        std::vector<pollfd> fds;
        for (const auto& c : running)
            fds.push_back({c.out, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), kReplyTimeoutMs) <= 0) {
            r.fail("no output within " + std::to_string(kReplyTimeoutMs) + " ms");
            break;
        }
        for (size_t k = fds.size(); k-- > 0;) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Child& c = running[k];
            const ssize_t n = ::read(c.out, buf, sizeof buf);
            if (n > 0) {
                c.output.append(buf, static_cast<size_t>(n));
                continue;
            }
            ::close(c.out);
            int status = 0;
            ::waitpid(c.pid, &status, 0);
            const uint64_t t = now_ns();
            if (!WIFEXITED(status) || WEXITSTATUS(status) != kExpectedStatus ||
                c.output != expected_output(c.request))
                r.fail("native request " + std::to_string(c.request) + ": status " +
                       std::to_string(status) + ", stdout '" + c.output + "'");
            else
                r.latencies_us.push_back((t - c.start_ns) / 1e3);
            running.erase(running.begin() + static_cast<long>(k));
        }
    }
    for (auto& c : running) { // after a failure
        ::close(c.out);
        ::waitpid(c.pid, nullptr, 0);
    }
    r.seconds = (now_ns() - start) / 1e9;
    return r;
}

void print(const Result& r) {
    std::printf("%-44s %7d %9.1f %9.1f %9.0f\n", r.name.c_str(), r.requests, r.percentile(50),
                r.percentile(99), r.rps());
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr,
                     "usage: serve_bench ZVM HELLO_ZAPP HELLO_NATIVE [--short] [--workers N] "
                     "[--inflight N]\n");
        return 2;
    }
    const std::string zvm = argv[1], zapp = argv[2], native = argv[3];
    bool short_mode = false;
    int workers = 2, inflight = 8;
    for (int i = 4; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--short") {
            short_mode = true;
        } else if ((a == "--workers" || a == "--inflight") && i + 1 < argc) {
            const int n = std::atoi(argv[++i]);
            if (n < 1 || n > 256) {
                std::fprintf(stderr, "serve_bench: %s %s: expected 1..256\n", a.c_str(), argv[i]);
                return 2;
            }
            (a == "--workers" ? workers : inflight) = n;
        } else {
            std::fprintf(stderr, "serve_bench: unknown argument '%s'\n", a.c_str());
            return 2;
        }
    }
    const int serve_count = short_mode ? 200 : 20000;
    const int native_count = short_mode ? 50 : 2000;

    // The baseline runs first, while this process is a plain one: fork() copies its page
    // tables and, for every page either side writes before the child's exec, flushes the TLB
    // of each CPU the process has run on. After the serve phases (more memory, libzmq's
    // threads on the other CPU) fork+exec took about twice as long on a 2-core VM: a ratio
    // flattering the server. (Earlier, a harness keeping 10 MB of results did the same.)
    const Result fork_one = bench_fork_exec(native, native_count, 1);
    const Result fork_many = bench_fork_exec(native, native_count, inflight);
    const int zmq_port = zvm::test::free_loopback_port();
    int http_port = zvm::test::free_loopback_port();
    while (http_port == zmq_port && zmq_port >= 0)
        http_port = zvm::test::free_loopback_port();
    if (zmq_port < 0 || http_port < 0) {
        std::fprintf(stderr, "serve_bench: no free loopback port: %s\n", std::strerror(errno));
        return 1;
    }
    const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(zmq_port);
    const std::string log = "/tmp/serve_bench-" + std::to_string(::getpid()) + ".log";
    zvm::test::ServeLauncher server({zvm, "serve", "--app", "hello=" + zapp, "--zmq", endpoint,
                                     "--http", "127.0.0.1:" + std::to_string(http_port),
                                     "--workers", std::to_string(workers), "--queue", "4096"},
                                    log, std::chrono::seconds(30));
    if (!server.ready()) {
        std::fprintf(stderr, "serve_bench: zvm serve did not become ready:\n%s",
                     server.log().c_str());
        ::unlink(log.c_str());
        return 1;
    }

    void* context = zmq_ctx_new();
    std::vector<Result> results;
    // Warm-up (the first requests connect and fault pages in), not counted.
    bench_zmq(context, endpoint, 50, 1);
    results.push_back(bench_zmq(context, endpoint, serve_count, 1));
    results.push_back(bench_zmq(context, endpoint, serve_count, inflight));
    results.push_back(bench_http(http_port, serve_count, 1));
    results.push_back(bench_http(http_port, serve_count, inflight));
    zmq_ctx_term(context);
    results.push_back(fork_one);
    results.push_back(fork_many);

    const int status = server.stop();
    const std::string server_log = server.log();
    ::unlink(log.c_str());

    std::printf("hello zapp through zvm serve (%d workers) vs fork+exec of the native hello\n",
                workers);
    std::printf("%-44s %7s %9s %9s %9s\n", "scenario", "count", "p50 us", "p99 us", "req/s");
    for (const auto& r : results)
        print(r);
    const Result &zmq1 = results[0], &zmqn = results[1], &http1 = results[2], &httpn = results[3],
                 &fork1 = results[4], &forkn = results[5];
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    std::printf("fork+exec p50 / serve p50, one in flight: ZeroMQ %.1fx, HTTP %.1fx "
                "(target >= 10x)\n",
                ratio(fork1.percentile(50), zmq1.percentile(50)),
                ratio(fork1.percentile(50), http1.percentile(50)));
    std::printf("serve req/s / fork+exec req/s, %d in flight: ZeroMQ %.1fx, HTTP %.1fx "
                "(target >= 10x)\n",
                inflight, ratio(zmqn.rps(), forkn.rps()), ratio(httpn.rps(), forkn.rps()));
    std::printf("targets: ZeroMQ p50 %.1f us (<= 100), best req/s %.0f (>= 10000)\n",
                zmq1.percentile(50), std::max(zmqn.rps(), httpn.rps()));

    int failures = 0;
    for (const auto& r : results) {
        const int missing = r.requests - static_cast<int>(r.latencies_us.size());
        if (r.failures > 0 || missing > 0) {
            std::fprintf(stderr,
                         "serve_bench: %s: %d of %d requests not answered right; first: %s\n",
                         r.name.c_str(), missing, r.requests, r.first_failure.c_str());
            ++failures;
        }
    }
    if (status != 0) {
        std::fprintf(stderr, "serve_bench: zvm serve ended with status %d:\n%s", status,
                     server_log.c_str());
        ++failures;
    }
    return failures == 0 ? 0 : 1;
}
