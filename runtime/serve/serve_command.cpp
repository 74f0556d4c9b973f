#include "runtime/serve/serve_command.h"

#include "runtime/exit_status.h"
#include "runtime/self_path.h"
#include "runtime/serve/http_front.h"
#include "runtime/serve/server.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sys/signalfd.h>
#include <unistd.h>
#include <zmq.h>

namespace zvm::runtime::serve {
namespace {

bool parse_app(const std::string& spec, const ServeOptions& options, AppConfig* app,
               std::string* error) {
    const size_t eq = spec.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == spec.size()) {
        *error = "--app " + spec + ": expected NAME=PATH.zapp[,snapshot][,cgi]";
        return false;
    }
    app->name = spec.substr(0, eq);
    for (const char c : app->name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
            *error = "--app " + spec + ": the name may have letters, digits, '-', '_' and '.'";
            return false;
        }
    }
    std::string rest = spec.substr(eq + 1);
    // Flags after the last commas; a path may contain commas only if no flag follows.
    for (;;) {
        const size_t comma = rest.rfind(',');
        if (comma == std::string::npos) break;
        const std::string flag = rest.substr(comma + 1);
        if (flag == "snapshot") {
            app->snapshot_call = true;
        } else if (flag == "cgi") {
            app->cgi = true;
        } else {
            break;
        }
        rest.resize(comma);
    }
    app->zapp = rest;
    app->workers = options.workers;
    app->queue = options.queue;
    app->timeout = options.timeout;
    app->memory = options.memory;
    app->max_output = options.max_output;
    return true;
}

// The reply's header frame, {"status": N, "report": {...}}. The worker's report is one JSON
// object made by format_json (runtime/report.cpp): spliced in as text, not parsed and
// printed again per request.
std::string reply_header(const WorkReply& reply) {
    const std::string& report = reply.report;
    std::string header = "{\"status\":" + std::to_string(reply.status);
    if (report.size() >= 2 && report.front() == '{' && report.back() == '}') {
        header += ",\"report\":";
        header += report;
    }
    header += '}';
    return header;
}

// The ZeroMQ front: a ROUTER socket. A request is [routing id, (empty delimiter from a
// REQ client), header JSON, (stdin)]; the reply mirrors the envelope, then header JSON,
// stdout, stderr.
class ZmqFront {
  public:
    explicit ZmqFront(Server& server) : server_(server) {}
    ~ZmqFront() {
        if (socket_) zmq_close(socket_);
        if (context_) zmq_ctx_term(context_);
    }

    bool start(const std::string& endpoint, std::string* error) {
        context_ = zmq_ctx_new();
        socket_ = zmq_socket(context_, ZMQ_ROUTER);
        const int linger = 2000; // at the end, replies get this long to leave
        zmq_setsockopt(socket_, ZMQ_LINGER, &linger, sizeof linger);
        if (zmq_bind(socket_, endpoint.c_str()) != 0) {
            *error = "--zmq " + endpoint + ": " + zmq_strerror(zmq_errno());
            return false;
        }
        return true;
    }
    void* socket() const { return socket_; }

    // Takes every message waiting.
    void receive() {
        for (;;) {
            std::vector<std::string> parts;
            if (!receive_message(&parts)) return;
            handle(std::move(parts));
        }
    }

  private:
    bool receive_message(std::vector<std::string>* parts) {
        for (;;) {
            zmq_msg_t msg;
            zmq_msg_init(&msg);
            if (zmq_msg_recv(&msg, socket_, parts->empty() ? ZMQ_DONTWAIT : 0) < 0) {
                zmq_msg_close(&msg);
                return false;
            }
            parts->emplace_back(static_cast<const char*>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
            const bool more = zmq_msg_more(&msg);
            zmq_msg_close(&msg);
            if (!more) return true;
        }
    }

    void handle(std::vector<std::string> parts) {
        // parts[0] is the routing id; a REQ client adds an empty delimiter.
        std::vector<std::string> envelope{parts[0]};
        size_t body = 1;
        if (parts.size() > 1 && parts[1].empty()) {
            envelope.emplace_back();
            body = 2;
        }
        auto reply_error = [this, envelope](const std::string& kind, const std::string& message) {
            nlohmann::json header = {{"error", kind}, {"message", message}};
            send(envelope, {header.dump(), "", ""});
        };
        if (parts.size() < body + 1 || parts.size() > body + 2) {
            reply_error("bad request", "expected a header frame and an optional stdin frame");
            return;
        }
        ParsedHeader header;
        std::string error;
        if (!parse_request_header(parts[body], &header, &error)) {
            reply_error("bad request", error);
            return;
        }
        WorkRequest request;
        request.args = std::move(header.args);
        request.env = std::move(header.env);
        if (parts.size() == body + 2) request.input = std::move(parts[body + 1]);
        server_.submit(header.app, std::move(request), [this, envelope](Outcome outcome) {
            if (outcome.kind != Outcome::Kind::kReply) {
                nlohmann::json h = {{"error", outcome_name(outcome.kind)},
                                    {"message", outcome.message}};
                send(envelope, {h.dump(), "", ""});
                return;
            }
            send(envelope, {reply_header(outcome.reply), std::move(outcome.reply.output),
                            std::move(outcome.reply.errors)});
        });
    }

    void send(const std::vector<std::string>& envelope, const std::vector<std::string>& frames) {
        std::vector<const std::string*> all;
        for (const auto& e : envelope)
            all.push_back(&e);
        for (const auto& f : frames)
            all.push_back(&f);
        for (size_t i = 0; i < all.size(); ++i) {
            const int flags = (i + 1 < all.size() ? ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT;
            // A client that went away or cannot take more: its reply is dropped.
            if (zmq_send(socket_, all[i]->data(), all[i]->size(), flags) < 0) return;
        }
    }

    Server& server_;
    void* context_ = nullptr;
    void* socket_ = nullptr;
};

} // namespace

bool parse_request_header(const std::string& text, ParsedHeader* out, std::string* error) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        *error = "the header frame is not a JSON object";
        return false;
    }
    for (const auto& [key, value] : j.items()) {
        if (key != "app" && key != "args" && key != "env") {
            *error = "unknown header field '" + key + "'";
            return false;
        }
    }
    if (!j.contains("app") || !j["app"].is_string()) {
        *error = "the header needs \"app\": a string";
        return false;
    }
    out->app = j["app"].get<std::string>();
    if (j.contains("args")) {
        if (!j["args"].is_array()) {
            *error = "\"args\" must be an array of strings";
            return false;
        }
        for (const auto& a : j["args"]) {
            if (!a.is_string()) {
                *error = "\"args\" must be an array of strings";
                return false;
            }
            out->args.push_back(a.get<std::string>());
        }
    }
    if (j.contains("env")) {
        if (!j["env"].is_object()) {
            *error = "\"env\" must be an object of strings";
            return false;
        }
        for (const auto& [name, value] : j["env"].items()) {
            if (!value.is_string() || name.empty() || name.find('=') != std::string::npos) {
                *error = "\"env\": '" + name + "' must be a name without '=' and a string value";
                return false;
            }
            out->env.push_back(name + "=" + value.get<std::string>());
        }
    }
    return true;
}

int serve_command(const ServeOptions& options) {
    if (options.apps.empty() || (options.zmq.empty() && options.http.empty()) ||
        options.workers < 1 || options.queue < 1) {
        std::fprintf(stderr, "zvm serve: needs at least one --app, --zmq or --http, "
                             "--workers >= 1 and --queue >= 1\n");
        return exit_status::kRuntimeError;
    }
    std::vector<AppConfig> apps;
    std::string error;
    for (const auto& spec : options.apps) {
        AppConfig app;
        if (!parse_app(spec, options, &app, &error)) {
            std::fprintf(stderr, "zvm serve: %s\n", error.c_str());
            return exit_status::kRuntimeError;
        }
        for (const auto& other : apps) {
            if (other.name == app.name) {
                std::fprintf(stderr, "zvm serve: two apps are named '%s'\n", app.name.c_str());
                return exit_status::kRuntimeError;
            }
        }
        if (::access(app.zapp.c_str(), R_OK) != 0) {
            std::fprintf(stderr, "zvm serve: app %s: %s: %s\n", app.name.c_str(), app.zapp.c_str(),
                         std::strerror(errno));
            return exit_status::kNotFound;
        }
        apps.push_back(std::move(app));
    }

    // SIGTERM and SIGINT stop the server gracefully, read from a signalfd in the loop.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    const int signal_fd = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);

    std::string self_error; // on failure "": starting a worker then fails with its message
    Server server(self_executable(&self_error), std::move(apps));
    ZmqFront zmq(server);
    HttpFront http(server);
    if ((!options.zmq.empty() && !zmq.start(options.zmq, &error)) ||
        (!options.http.empty() && !http.start(options.http, &error))) {
        std::fprintf(stderr, "zvm serve: %s\n", error.c_str());
        return exit_status::kRuntimeError;
    }
    if (!server.start(&error)) {
        std::fprintf(stderr, "zvm serve: %s\n", error.c_str());
        return exit_status::kCannotRun;
    }
    std::fprintf(stderr, "zvm serve: ready%s%s%s%s\n", options.zmq.empty() ? "" : " zmq ",
                 options.zmq.c_str(), options.http.empty() ? "" : " http ", options.http.c_str());

    for (;;) {
        std::vector<zmq_pollitem_t> items;
        if (!options.zmq.empty()) items.push_back({zmq.socket(), 0, ZMQ_POLLIN, 0});
        if (http.fd() >= 0) items.push_back({nullptr, http.fd(), ZMQ_POLLIN, 0});
        items.push_back({nullptr, signal_fd, ZMQ_POLLIN, 0});
        for (const int fd : server.poll_fds())
            items.push_back({nullptr, fd, ZMQ_POLLIN, 0});
        int timeout = server.tick();
        const int http_timeout = http.timeout_ms();
        if (http_timeout >= 0)
            timeout = timeout < 0 ? http_timeout : std::min(timeout, http_timeout);
        if (zmq_poll(items.data(), static_cast<int>(items.size()), timeout) < 0 &&
            zmq_errno() != EINTR) {
            std::fprintf(stderr, "zvm serve: poll: %s\n", zmq_strerror(zmq_errno()));
            return exit_status::kRuntimeError;
        }
        for (const auto& item : items) {
            if (!(item.revents & ZMQ_POLLIN)) continue;
            if (item.socket != nullptr) {
                zmq.receive();
            } else if (item.fd == http.fd()) {
                http.run();
            } else if (item.fd == signal_fd) {
                signalfd_siginfo info;
                while (::read(signal_fd, &info, sizeof info) == sizeof info) {
                }
                std::fprintf(stderr, "zvm serve: stopping: answering what is running and queued\n");
                server.drain();
                http.stop_listening();
            } else {
                server.on_readable(item.fd);
            }
        }
        http.run(); // connections resumed by answers above
        if (server.drained()) break;
    }
    http.run();
    std::fprintf(stderr, "zvm serve: stopped\n");
    return 0;
}

} // namespace zvm::runtime::serve
