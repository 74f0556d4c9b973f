// `zvm serve --app NAME=PATH.zapp[,snapshot][,cgi] ... [--zmq ENDPOINT] [--http ADDR:PORT]
//  [--workers N] [--queue N] [--timeout S] [--memory N] [--max-output N]`: runs one fresh
// instance per request (docs/serve.md). Returns an exit status of docs/cli.md: 0 after a
// graceful stop (SIGTERM or SIGINT: running and queued requests are answered first), 125
// for bad options or an endpoint that cannot be bound, 126 when an app's workers cannot
// start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zvm::runtime::serve {

struct ServeOptions {
    std::vector<std::string> apps; // NAME=PATH[,snapshot][,cgi]
    std::string zmq;               // a ZeroMQ endpoint to bind (ROUTER), e.g. tcp://*:5555
    std::string http;              // ADDR:PORT
    int workers = 2;               // per app
    size_t queue = 64;             // waiting requests per app
    double timeout = 30;           // per request, seconds
    uint64_t memory = 0;           // per instance; 0: the zapp's own
    uint64_t max_output = 64ULL << 20;
    double handshake_timeout = 30; // seconds a ZeroMQ connection has for its handshake
};

int serve_command(const ServeOptions& options);

} // namespace zvm::runtime::serve
