// Starting a `zvm serve` process for a test or a benchmark: argv as given, stdin from
// /dev/null, stderr into a log file; ready once its stderr says "zvm serve: ready".
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace zvm::test {

class ServeLauncher {
  public:
    // Starts argv[0] (a path) with argv[1..] and waits up to `timeout` for the ready line.
    // ready() tells whether it came; if the process ended first, exit_status() says how,
    // and if the time ran out it was killed.
    ServeLauncher(const std::vector<std::string>& argv, std::string log_path,
                  std::chrono::milliseconds timeout);
    ~ServeLauncher(); // stop()s it if still running
    ServeLauncher(const ServeLauncher&) = delete;
    ServeLauncher& operator=(const ServeLauncher&) = delete;

    bool ready() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    std::string log() const; // its stderr so far

    // SIGTERM without waiting (graceful shutdown under test).
    void terminate() const;
    // SIGTERM, then waits: the exit status (128+N when killed by signal N). Once stopped,
    // returns the same status again.
    int stop();
    int exit_status() const { return exit_status_; }

  private:
    std::string log_path_;
    pid_t pid_ = -1;
    int exit_status_ = -1;
};

} // namespace zvm::test
