#include "tests/serve_apps/serve_clients.h"

#include <algorithm>
#include <cctype>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

namespace zvm::test {

ZmqClient::ZmqClient(const std::string& endpoint)
    : context_(zmq_ctx_new()), socket_(zmq_socket(context_, ZMQ_REQ)) {
    const int linger = 0;
    zmq_setsockopt(socket_, ZMQ_LINGER, &linger, sizeof linger);
    zmq_connect(socket_, endpoint.c_str());
}

ZmqClient::~ZmqClient() {
    zmq_close(socket_);
    zmq_ctx_term(context_);
}

ZmqReply ZmqClient::request(const std::string& app, const std::vector<std::string>& args,
                            const std::string& input, int timeout_ms) {
    ZmqReply reply;
    const std::string header = nlohmann::json{{"app", app}, {"args", args}}.dump();
    if (zmq_send(socket_, header.data(), header.size(), ZMQ_SNDMORE) < 0 ||
        zmq_send(socket_, input.data(), input.size(), 0) < 0)
        return reply;
    zmq_pollitem_t item{socket_, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&item, 1, timeout_ms) <= 0) return reply;
    std::vector<std::string> frames;
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, socket_, 0) < 0) {
            zmq_msg_close(&msg);
            return reply;
        }
        frames.emplace_back(static_cast<const char*>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        const bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        if (!more) break;
    }
    if (frames.empty()) return reply;
    reply.header = frames[0];
    if (frames.size() == 3) {
        reply.ok = true;
        reply.out = frames[1];
        reply.err = frames[2];
    }
    return reply;
}

HttpReply http_request(int port, const std::string& method, const std::string& target,
                       const std::string& body) {
    HttpReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return reply;
    }
    const std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                             "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\n\r\n" + body;
    std::string in;
    if (::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size())) {
        char buf[65536];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
            in.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    const size_t end = in.find("\r\n\r\n");
    if (end == std::string::npos || in.compare(0, 9, "HTTP/1.1 ") != 0) return reply;
    std::istringstream head(in.substr(0, end));
    std::string line;
    std::getline(head, line);
    const int status = std::atoi(line.c_str() + 9);
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos) return reply;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        size_t v = colon + 1;
        while (v < line.size() && line[v] == ' ')
            ++v;
        reply.headers[name] = line.substr(v);
    }
    reply.body = in.substr(end + 4);
    auto length = reply.headers.find("content-length");
    if (length != reply.headers.end() &&
        reply.body.size() != static_cast<size_t>(std::atol(length->second.c_str())))
        return reply; // truncated: status stays -1
    reply.status = status;
    return reply;
}

} // namespace zvm::test
