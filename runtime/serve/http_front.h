// The HTTP front of `zvm serve` (docs/serve.md, "HTTP"), on libmicrohttpd driven from the
// serve loop (no threads of its own: MHD's epoll descriptor is polled with the rest).
//   POST|GET /run/NAME?arg=A&arg=B   body: stdin
//   200, body: stdout; X-Zvm-Status: the exit status; X-Zvm-Exit-State; X-Zvm-Report: the
//   JSON report; X-Zvm-Stderr: stderr, percent-encoded (at most 8 KiB).
// An app served with `cgi` answers any method on /run/NAME[/PATH] and its stdout is a CGI
// response (header lines, a blank line, the body); it gets the CGI variables
// (REQUEST_METHOD, PATH_INFO, QUERY_STRING, CONTENT_TYPE, CONTENT_LENGTH, ...).
// Errors: 404 unknown app or path, 405 method, 413 body too large, 502 worker lost or a
// malformed CGI response, 503 busy, shutting down or no workers.
#pragma once

#include "runtime/serve/server.h"

#include <string>

struct MHD_Daemon;

namespace zvm::runtime::serve {

class HttpFront {
  public:
    explicit HttpFront(Server& server) : context_{server} {}
    ~HttpFront();

    // Listens on ADDR:PORT (ADDR an IPv4 address). False with *error on failure.
    bool start(const std::string& address, std::string* error);
    int fd() const { return fd_; } // poll for reading, then run()
    void run();                    // handles what is ready
    // run() when an answer has come for a connection since the last run() (its reply is
    // then sent) or one of MHD's deadlines has passed (idle connections); otherwise
    // nothing, so that the other front's traffic costs no calls here.
    void run_if_due();
    int timeout_ms() const; // until MHD's next deadline (-1: none)
    void stop_listening();  // takes no new connections

    // What the request handler (http_front.cpp) works with.
    struct Context {
        Server& server;
        bool answered = false; // an answer resumed a connection since the last run()
    };

  private:
    Context context_;
    MHD_Daemon* daemon_ = nullptr;
    int fd_ = -1;
};

// Percent-encoding (RFC 3986 unreserved characters kept) and its inverse, for the
// X-Zvm-Stderr header.
std::string percent_encode(std::string_view text);
std::string percent_decode(std::string_view text);

} // namespace zvm::runtime::serve
