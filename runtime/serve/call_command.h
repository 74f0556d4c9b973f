// `zvm call (--zmq ENDPOINT | --http ADDR:PORT) APP [--env NAME=VALUE]... [--no-stdin]
//  [--report] [-- ARGS...]`: the command-line client of `zvm serve` (docs/serve.md). Sends
// stdin (unless --no-stdin) as the request's stdin, writes the reply's stdout and stderr
// to its own and exits with the instance's status; --report prints the JSON report to
// stderr after. A refusal (unknown app, busy, ...) is printed and gives 125.
#pragma once

#include <string>
#include <vector>

namespace zvm::runtime::serve {

struct CallOptions {
    std::string zmq;
    std::string http;
    std::string app;
    std::vector<std::string> args;
    std::vector<std::string> env; // NAME=VALUE
    bool no_stdin = false;
    bool report = false;
    double timeout = 60; // seconds to wait for the reply
};

int call_command(const CallOptions& options);

} // namespace zvm::runtime::serve
