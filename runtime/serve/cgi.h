// A CGI response (RFC 3875, section 6) as a served zapp's stdout gives it: header lines
// ("Name: value", with "Status: 404 Not Found" setting the status), a blank line, the
// body. Lines end in "\n" or "\r\n".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zvm::runtime::serve {

struct CgiResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers; // without Status
    std::string body;
};

// False with *error when there is no header block or a line is not a header (no
// "Name:", or a Status that is not a 3-digit code in [100, 599]).
bool parse_cgi_response(std::string_view output, CgiResponse* out, std::string* error);

} // namespace zvm::runtime::serve
