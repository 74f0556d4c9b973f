// A `zvm serve` process for the tests of the served examples: started on free loopback
// ports, waited for until it prints "ready", stopped with SIGTERM (graceful shutdown).
#pragma once

#include "tests/support/serve_launcher.h"

#include <memory>
#include <string>
#include <vector>

namespace zvm::test {

class ServeProcess {
  public:
    // Starts `zvm serve APP_ARGS... --zmq tcp://127.0.0.1:P --http 127.0.0.1:Q`, with its
    // stderr in a temporary file. ok() tells whether it became ready within 60 s.
    ServeProcess(const std::string& zvm, const std::vector<std::string>& app_args);
    ~ServeProcess(); // stops it if still running, removes its log
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    bool ok() const { return launcher_ && launcher_->ready(); }
    int http_port() const { return http_port_; }
    const std::string& zmq_endpoint() const { return zmq_endpoint_; }
    std::string log() const { return launcher_ ? launcher_->log() : ""; }

    // SIGTERM, then waits: the exit status (128+N when killed by signal N).
    int stop() { return launcher_ ? launcher_->stop() : -1; }

  private:
    int http_port_ = -1;
    std::string zmq_endpoint_;
    std::string log_path_;
    std::unique_ptr<ServeLauncher> launcher_;
};

} // namespace zvm::test
