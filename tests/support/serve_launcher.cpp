#include "tests/support/serve_launcher.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace zvm::test {
namespace {

int status_of(int wait_status) {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

} // namespace

ServeLauncher::ServeLauncher(const std::vector<std::string>& argv, std::string log_path,
                             std::chrono::milliseconds timeout)
    : log_path_(std::move(log_path)) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (log_fd < 0 || null_fd < 0 || ::dup2(log_fd, 2) < 0 || ::dup2(null_fd, 0) < 0)
            ::_exit(127);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execve(args[0], args.data(), environ);
        std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    if (pid < 0) return;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (log().find("zvm serve: ready") != std::string::npos) {
            pid_ = pid;
            return;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            exit_status_ = status_of(status);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    exit_status_ = status_of(status);
}

ServeLauncher::~ServeLauncher() {
    stop();
}

std::string ServeLauncher::log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void ServeLauncher::terminate() const {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
}

int ServeLauncher::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        exit_status_ = status_of(status);
        pid_ = -1;
    }
    return exit_status_;
}

} // namespace zvm::test
