#include "runtime/serve/request_header.h"

#include <nlohmann/json.hpp>

namespace zvm::runtime::serve {

bool parse_request_header(const std::string& text, ParsedHeader* out, std::string* error) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        *error = "the header frame is not a JSON object";
        return false;
    }
    for (const auto& [key, value] : j.items()) {
        if (key != "app" && key != "args" && key != "env") {
            *error = "unknown header field '" + key + "'";
            return false;
        }
    }
    if (!j.contains("app") || !j["app"].is_string()) {
        *error = "the header needs \"app\": a string";
        return false;
    }
    out->app = j["app"].get<std::string>();
    if (j.contains("args")) {
        if (!j["args"].is_array()) {
            *error = "\"args\" must be an array of strings";
            return false;
        }
        for (const auto& a : j["args"]) {
            if (!a.is_string()) {
                *error = "\"args\" must be an array of strings";
                return false;
            }
            out->args.push_back(a.get<std::string>());
        }
    }
    if (j.contains("env")) {
        if (!j["env"].is_object()) {
            *error = "\"env\" must be an object of strings";
            return false;
        }
        for (const auto& [name, value] : j["env"].items()) {
            if (!value.is_string() || name.empty() || name.find('=') != std::string::npos) {
                *error = "\"env\": '" + name + "' must be a name without '=' and a string value";
                return false;
            }
            out->env.push_back(name + "=" + value.get<std::string>());
        }
    }
    return true;
}

bool parse_request(std::vector<std::string>&& parts, ParsedRequest* out, std::string* error) {
    // A REQ client puts an empty delimiter first; it is mirrored in the reply.
    out->delimiter = !parts.empty() && parts[0].empty();
    const size_t body = out->delimiter ? 1 : 0;
    if (parts.size() < body + 1 || parts.size() > body + 2) {
        *error = "expected a header frame and an optional stdin frame";
        return false;
    }
    ParsedHeader header;
    if (!parse_request_header(parts[body], &header, error)) return false;
    out->app = std::move(header.app);
    out->request.args = std::move(header.args);
    out->request.env = std::move(header.env);
    if (parts.size() == body + 2) out->request.input = std::move(parts[body + 1]);
    return true;
}

} // namespace zvm::runtime::serve
