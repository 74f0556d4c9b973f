#include "runtime/serve/call_command.h"

#include "runtime/exit_status.h"
#include "runtime/report.h"
#include "runtime/serve/http_front.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

namespace zvm::runtime::serve {
namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "zvm call: %s\n", message.c_str());
    return exit_status::kRuntimeError;
}

std::string read_stdin() {
    std::string data;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
    }
    return data;
}

// The reply: the instance's status, streams and report, or a refusal.
int finish(const CallOptions& options, int status, const std::string& out, const std::string& err,
           const std::string& report) {
    write_all(1, out);
    write_all(2, err);
    if (options.report && !report.empty())
        write_all(2, report + (report.back() == '\n' ? "" : "\n"));
    return status;
}

int call_zmq(const CallOptions& options, const std::string& input) {
    nlohmann::json header = {{"app", options.app}, {"args", options.args}};
    nlohmann::json env = nlohmann::json::object();
    for (const auto& e : options.env) {
        const size_t eq = e.find('=');
        if (eq == 0 || eq == std::string::npos) return fail("--env " + e + ": expected NAME=VALUE");
        env[e.substr(0, eq)] = e.substr(eq + 1);
    }
    header["env"] = env;
    void* context = zmq_ctx_new();
    void* socket = zmq_socket(context, ZMQ_REQ);
    const int linger = 0;
    const int timeout_ms = static_cast<int>(options.timeout * 1000);
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    auto done = [&](int status) {
        zmq_close(socket);
        zmq_ctx_term(context);
        return status;
    };
    if (zmq_connect(socket, options.zmq.c_str()) != 0)
        return done(fail("--zmq " + options.zmq + ": " + zmq_strerror(zmq_errno())));
    const std::string h = header.dump();
    zmq_send(socket, h.data(), h.size(), ZMQ_SNDMORE);
    zmq_send(socket, input.data(), input.size(), 0);
    std::vector<std::string> parts;
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, socket, 0) < 0) {
            zmq_msg_close(&msg);
            return done(fail("no reply from " + options.zmq + ": " + zmq_strerror(zmq_errno())));
        }
        parts.emplace_back(static_cast<const char*>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        const bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        if (!more) break;
    }
    const auto reply = nlohmann::json::parse(parts[0], nullptr, false);
    if (reply.is_discarded() || !reply.is_object() || parts.size() != 3)
        return done(fail("malformed reply from " + options.zmq));
    if (reply.contains("error"))
        return done(fail(reply.value("error", "") + ": " + reply.value("message", "")));
    const std::string report = reply.contains("report") ? reply["report"].dump() : "";
    return done(finish(options, reply.value("status", exit_status::kRuntimeError), parts[1],
                       parts[2], report));
}

int call_http(const CallOptions& options, const std::string& input) {
    const size_t colon = options.http.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    int port = -1;
    if (colon != std::string::npos) port = std::atoi(options.http.c_str() + colon + 1);
    if (port <= 0 || port > 65535 ||
        inet_pton(AF_INET, options.http.substr(0, colon).c_str(), &sa.sin_addr) != 1)
        return fail("--http " + options.http + ": expected IPV4ADDRESS:PORT");
    if (!options.env.empty()) return fail("--env is not carried over HTTP (use --zmq)");
    sa.sin_port = htons(static_cast<uint16_t>(port));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        const std::string why = std::strerror(errno);
        if (fd >= 0) ::close(fd);
        return fail("cannot connect to " + options.http + ": " + why);
    }
    std::string target = "/run/" + percent_encode(options.app);
    for (size_t i = 0; i < options.args.size(); ++i)
        target += (i == 0 ? "?arg=" : "&arg=") + percent_encode(options.args[i]);
    const std::string request = "POST " + target + " HTTP/1.1\r\nHost: " + options.http +
                                "\r\nContent-Length: " + std::to_string(input.size()) +
                                "\r\nConnection: close\r\n\r\n" + input;
    if (!write_all(fd, request)) {
        ::close(fd);
        return fail("cannot send to " + options.http + ": " + std::strerror(errno));
    }
    std::string response;
    char buf[65536];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(options.timeout * 1000)) == 0) {
            ::close(fd);
            return fail("no reply from " + options.http + " within the timeout");
        }
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        response.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    const size_t end = response.find("\r\n\r\n");
    if (response.compare(0, 9, "HTTP/1.1 ") != 0 || end == std::string::npos)
        return fail("malformed HTTP reply from " + options.http);
    const int code = std::atoi(response.c_str() + 9);
    std::string status_text, errors, report, error_kind;
    int status = exit_status::kRuntimeError;
    size_t pos = response.find("\r\n") + 2;
    bool chunked = false;
    while (pos < end) {
        const size_t eol = response.find("\r\n", pos);
        const std::string line = response.substr(pos, eol - pos);
        pos = eol + 2;
        const size_t c = line.find(':');
        if (c == std::string::npos) continue;
        std::string name = line.substr(0, c);
        for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::string value = line.substr(c + 1);
        while (!value.empty() && value.front() == ' ')
            value.erase(0, 1);
        if (name == "x-zvm-status") status = std::atoi(value.c_str());
        if (name == "x-zvm-stderr") errors = percent_decode(value);
        if (name == "x-zvm-report") report = value;
        if (name == "x-zvm-error") error_kind = value;
        if (name == "transfer-encoding" && value.find("chunked") != std::string::npos)
            chunked = true;
    }
    std::string body = response.substr(end + 4);
    if (chunked) {
        std::string plain;
        size_t at = 0;
        for (;;) {
            const size_t eol = body.find("\r\n", at);
            if (eol == std::string::npos) break;
            const size_t size = std::strtoul(body.c_str() + at, nullptr, 16);
            if (size == 0 || eol + 2 + size > body.size()) break;
            plain.append(body, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        body = std::move(plain);
    }
    if (!error_kind.empty() || code != 200)
        return fail(std::to_string(code) + " " + error_kind + ": " + body);
    return finish(options, status, body, errors, report);
}

} // namespace

int call_command(const CallOptions& options) {
    if (options.zmq.empty() == options.http.empty())
        return fail("name the server with exactly one of --zmq ENDPOINT and --http ADDR:PORT");
    const std::string input = options.no_stdin ? std::string() : read_stdin();
    return options.zmq.empty() ? call_http(options, input) : call_zmq(options, input);
}

} // namespace zvm::runtime::serve
