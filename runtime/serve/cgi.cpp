#include "runtime/serve/cgi.h"

#include "runtime/text.h"

#include <cctype>
#include <strings.h>

namespace zvm::runtime::serve {

bool parse_cgi_response(std::string_view output, CgiResponse* out, std::string* error) {
    *out = CgiResponse{};
    size_t pos = 0;
    int line_no = 0;
    for (;;) {
        const size_t nl = output.find('\n', pos);
        if (nl == std::string_view::npos) {
            *error = "no blank line after the CGI headers";
            return false;
        }
        std::string_view line = output.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        const size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) {
            *error = "CGI header line " + std::to_string(line_no) + " has no 'Name:'";
            return false;
        }
        const std::string name(trim(line.substr(0, colon)));
        const std::string value(trim(line.substr(colon + 1)));
        bool token = !name.empty();
        for (const char c : name)
            token = token && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        if (!token) {
            *error = "CGI header line " + std::to_string(line_no) + ": bad name '" + name + "'";
            return false;
        }
        if (strcasecmp(name.c_str(), "status") == 0) {
            if (value.size() < 3 || !std::isdigit(static_cast<unsigned char>(value[0])) ||
                !std::isdigit(static_cast<unsigned char>(value[1])) ||
                !std::isdigit(static_cast<unsigned char>(value[2])) ||
                (value.size() > 3 && value[3] != ' ')) {
                *error = "CGI Status '" + value + "' is not a 3-digit code";
                return false;
            }
            out->status = std::stoi(value.substr(0, 3));
            if (out->status < 100 || out->status > 599) {
                *error = "CGI Status " + value.substr(0, 3) + " is out of range";
                return false;
            }
            continue;
        }
        out->headers.emplace_back(name, value);
    }
    out->body.assign(output.substr(pos));
    return true;
}

} // namespace zvm::runtime::serve
