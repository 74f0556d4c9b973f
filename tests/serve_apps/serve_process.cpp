#include "tests/serve_apps/serve_process.h"

#include "tests/support/free_port.h"

#include <cstdlib>
#include <unistd.h>

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
    ::close(log_fd);
    log_path_ = path;
    std::vector<std::string> argv{zvm, "serve"};
    argv.insert(argv.end(), app_args.begin(), app_args.end());
    argv.insert(argv.end(),
                {"--zmq", zmq_endpoint_, "--http", "127.0.0.1:" + std::to_string(http_port_)});
    launcher_ = std::make_unique<ServeLauncher>(argv, log_path_, std::chrono::seconds(60));
}

ServeProcess::~ServeProcess() {
    launcher_.reset();
    if (!log_path_.empty()) ::unlink(log_path_.c_str());
}

} // namespace zvm::test
