// A ZeroMQ request (docs/serve.md, "ZeroMQ") as the front and a worker holding a lent
// connection (runtime/serve/zmtp_front.h) both read it: [(empty delimiter from a REQ
// client), header JSON, (stdin)], the header {"app": NAME, "args": [...], "env": {NAME:
// VALUE, ...}}.
#pragma once

#include "runtime/serve/protocol.h"

#include <string>
#include <vector>

namespace zvm::runtime::serve {

struct ParsedHeader {
    std::string app;
    std::vector<std::string> args;
    std::vector<std::string> env; // NAME=VALUE
};
// The header frame. False with *error for anything but the object above.
bool parse_request_header(const std::string& text, ParsedHeader* out, std::string* error);

// A whole request message, its frames moved from `parts`.
struct ParsedRequest {
    bool delimiter = false; // it came from a REQ client: the reply mirrors the delimiter
    std::string app;
    WorkRequest request; // args, env and input set; the rest left as it is

    // How a worker answering on the connection writes the reply.
    WorkRequest::Reply direct_reply() const {
        return delimiter ? WorkRequest::Reply::kZmtpDelimited : WorkRequest::Reply::kZmtp;
    }
};
// False with *error (for a "bad request" reply) for a message that is not a request;
// out->delimiter is set either way.
bool parse_request(std::vector<std::string>&& parts, ParsedRequest* out, std::string* error);

} // namespace zvm::runtime::serve
