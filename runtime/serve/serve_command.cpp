#include "runtime/serve/serve_command.h"

#include "runtime/exit_status.h"
#include "runtime/self_path.h"
#include "runtime/serve/http_front.h"
#include "runtime/serve/server.h"
#include "runtime/serve/zmtp_front.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

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

} // namespace

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
    ZmtpFront zmq(
        server, std::chrono::milliseconds(static_cast<int64_t>(options.handshake_timeout * 1000)));
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
        std::vector<pollfd> fds;
        zmq.add_poll_fds(&fds);
        const size_t others = fds.size();
        if (http.fd() >= 0) fds.push_back({http.fd(), POLLIN, 0});
        fds.push_back({signal_fd, POLLIN, 0});
        const size_t workers = fds.size();
        for (const int fd : server.poll_fds())
            fds.push_back({fd, POLLIN, 0});
        int timeout = server.tick();
        for (const int front_timeout : {http.timeout_ms(), zmq.timeout_ms()})
            if (front_timeout >= 0)
                timeout = timeout < 0 ? front_timeout : std::min(timeout, front_timeout);
        if (::poll(fds.data(), fds.size(), timeout) < 0) {
            if (errno != EINTR) {
                std::fprintf(stderr, "zvm serve: poll: %s\n", std::strerror(errno));
                return exit_status::kRuntimeError;
            }
            continue;
        }
        // The workers' news first: a worker that has just answered a client directly is
        // then free, and that connection writable by a worker, when the client's next
        // request (often in the same poll) is handled below.
        for (size_t i = workers; i < fds.size(); ++i)
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) server.on_readable(fds[i].fd);
        zmq.handle_events(fds, 0);
        for (size_t i = others; i < workers; ++i) {
            const pollfd& item = fds[i];
            if (!(item.revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (item.fd == http.fd()) {
                http.run();
            } else if (item.fd == signal_fd) {
                signalfd_siginfo info;
                while (::read(signal_fd, &info, sizeof info) == sizeof info) {
                }
                std::fprintf(stderr, "zvm serve: stopping: answering what is running and queued\n");
                server.drain();
                http.stop_listening();
            }
        }
        http.run_if_due(); // replies of connections answered above, MHD's deadlines
        if (server.drained()) break;
    }
    zmq.flush(2000); // replies not yet sent get two seconds to leave
    http.run();
    std::fprintf(stderr, "zvm serve: stopped\n");
    return 0;
}

} // namespace zvm::runtime::serve
