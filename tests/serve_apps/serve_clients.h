// Minimal clients of `zvm serve` for the tests of the served examples (docs/serve.md):
// one ZeroMQ request over a REQ socket, and one HTTP/1.1 request on its own connection.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace zvm::test {

struct ZmqReply {
    bool ok = false;    // a reply of three frames came within the timeout
    std::string header; // the JSON header frame
    std::string out;    // the instance's stdout
    std::string err;    // its stderr
};

// A REQ socket connected to `endpoint`: one request at a time.
class ZmqClient {
  public:
    explicit ZmqClient(const std::string& endpoint);
    ~ZmqClient();
    ZmqClient(const ZmqClient&) = delete;
    ZmqClient& operator=(const ZmqClient&) = delete;

    // Sends [header {"app", "args"}, input] and waits for the reply. After a timeout the
    // socket is unusable (REQ's strict alternation): make a new client.
    ZmqReply request(const std::string& app, const std::vector<std::string>& args,
                     const std::string& input, int timeout_ms = 30000);

  private:
    void* context_;
    void* socket_;
};

struct HttpReply {
    int status = -1;                            // -1: no (parsable) response
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

// METHOD TARGET on 127.0.0.1:PORT with `body` (Connection: close; reads to the end).
HttpReply http_request(int port, const std::string& method, const std::string& target,
                       const std::string& body = "");

} // namespace zvm::test
