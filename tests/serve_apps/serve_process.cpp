#include "tests/serve_apps/serve_process.h"

#include "tests/support/free_port.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace zvm::test {

ServeProcess::ServeProcess(const std::string& zvm, const std::vector<std::string>& app_args) {
    http_port_ = free_loopback_port();
    int zmq_port = free_loopback_port();
    while (zmq_port == http_port_ && zmq_port >= 0)
        zmq_port = free_loopback_port();
    zmq_endpoint_ = "tcp://127.0.0.1:" + std::to_string(zmq_port);
    char path[] = "/tmp/zvm-serve-test-XXXXXX";
    const int log_fd = ::mkstemp(path);
    if (log_fd < 0) return;
    log_path_ = path;
    std::vector<std::string> argv{zvm, "serve"};
    argv.insert(argv.end(), app_args.begin(), app_args.end());
    argv.insert(argv.end(),
                {"--zmq", zmq_endpoint_, "--http", "127.0.0.1:" + std::to_string(http_port_)});
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(log_fd, 2);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execve(args[0], args.data(), environ);
        std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    ::close(log_fd);
    if (pid < 0) return;
    for (int waited_ms = 0; waited_ms < 60000; waited_ms += 10) {
        if (log().find("zvm serve: ready") != std::string::npos) {
            pid_ = pid;
            return;
        }
        if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

ServeProcess::~ServeProcess() {
    if (pid_ > 0) stop();
    if (!log_path_.empty()) ::unlink(log_path_.c_str());
}

std::string ServeProcess::log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int ServeProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace zvm::test
