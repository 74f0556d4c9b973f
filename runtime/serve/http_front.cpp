#include "runtime/serve/http_front.h"

#include "runtime/serve/cgi.h"
#include "runtime/text.h"

#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <microhttpd.h>
#include <string_view>

namespace zvm::runtime::serve {
namespace {

constexpr size_t kMaxBody = 64ULL << 20; // request bodies (stdin) up to 64 MiB
constexpr size_t kMaxStderrHeader = 8192;

// One HTTP request, from its headers to its response.
struct Exchange {
    std::string body;
    bool too_large = false;
    bool submitted = false;
    bool answered = false;
    int code = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string response;
};

void answer_error(Exchange& x, int code, const std::string& kind, const std::string& message) {
    x.answered = true;
    x.code = code;
    x.headers = {{"Content-Type", "text/plain"}, {"X-Zvm-Error", kind}};
    x.response = message + "\n";
}

int error_code(Outcome::Kind kind) {
    switch (kind) {
    case Outcome::Kind::kUnknownApp:
        return 404;
    case Outcome::Kind::kWorkerLost:
        return 502;
    default:
        return 503;
    }
}

void answer(Exchange& x, bool cgi, Outcome outcome) {
    if (outcome.kind != Outcome::Kind::kReply) {
        answer_error(x, error_code(outcome.kind), outcome_name(outcome.kind), outcome.message);
        return;
    }
    WorkReply& reply = outcome.reply;
    std::vector<std::pair<std::string, std::string>> headers = {
        {"X-Zvm-Status", std::to_string(reply.status)},
        {"X-Zvm-Exit-State", reply.exit_state},
        {"X-Zvm-Report", reply.report},
        {"X-Zvm-Stderr",
         percent_encode(std::string_view(reply.errors)
                            .substr(0, std::min(reply.errors.size(), kMaxStderrHeader)))},
    };
    if (cgi) {
        CgiResponse response;
        std::string error;
        if (!parse_cgi_response(reply.output, &response, &error)) {
            answer_error(x, 502, "bad cgi response", "the app's response: " + error);
            x.headers.insert(x.headers.end(), headers.begin(), headers.end());
            return;
        }
        x.code = response.status;
        x.headers = std::move(response.headers);
        x.headers.insert(x.headers.end(), headers.begin(), headers.end());
        x.response = std::move(response.body);
    } else {
        x.code = 200;
        x.headers = std::move(headers);
        x.headers.emplace_back("Content-Type", "application/octet-stream");
        x.response = std::move(reply.output);
    }
    x.answered = true;
}

MHD_Result queue(MHD_Connection* connection, Exchange& x) {
    MHD_Response* response = MHD_create_response_from_buffer(x.response.size(), x.response.data(),
                                                             MHD_RESPMEM_MUST_COPY);
    for (const auto& [name, value] : x.headers)
        MHD_add_response_header(response, name.c_str(), value.c_str());
    const MHD_Result rc = MHD_queue_response(connection, static_cast<unsigned>(x.code), response);
    MHD_destroy_response(response);
    return rc;
}

MHD_Result collect_arg(void* cls, MHD_ValueKind, const char* key, const char* value) {
    if (key != nullptr && std::strcmp(key, "arg") == 0)
        static_cast<std::vector<std::string>*>(cls)->push_back(value ? value : "");
    return MHD_YES;
}

struct QueryText {
    std::string text;
};
MHD_Result collect_query(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto& q = static_cast<QueryText*>(cls)->text;
    if (!q.empty()) q += '&';
    q += percent_encode(key ? key : "");
    if (value) q += "=" + percent_encode(value);
    return MHD_YES;
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                      const char* version, const char* upload_data, size_t* upload_data_size,
                      void** state) {
    HttpFront::Context& context = *static_cast<HttpFront::Context*>(cls);
    Server& server = context.server;
    if (*state == nullptr) {
        *state = new Exchange;
        return MHD_YES;
    }
    Exchange& x = *static_cast<Exchange*>(*state);
    if (*upload_data_size != 0) {
        if (x.body.size() + *upload_data_size > kMaxBody)
            x.too_large = true;
        else
            x.body.append(upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (x.answered) return queue(connection, x);
    if (x.submitted) return MHD_YES; // resumed before the answer: cannot happen

    const std::string_view path(url);
    constexpr std::string_view kPrefix = "/run/";
    if (path.substr(0, kPrefix.size()) != kPrefix) {
        answer_error(x, 404, "not found", "requests go to /run/NAME");
        return queue(connection, x);
    }
    const std::string_view rest = path.substr(kPrefix.size());
    const std::string name(rest.substr(0, rest.find('/')));
    const std::string path_info(rest.size() > name.size() ? rest.substr(name.size()) : "");
    const AppConfig* app = server.app(name);
    if (app == nullptr) {
        answer_error(x, 404, "unknown app", "no app named '" + name + "'");
        return queue(connection, x);
    }
    const std::string_view verb(method);
    if (!app->cgi && ((verb != "GET" && verb != "POST") || !path_info.empty())) {
        answer_error(x, !path_info.empty() ? 404 : 405, "not found",
                     "app " + name + " answers GET and POST on /run/" + name + " only");
        return queue(connection, x);
    }
    if (x.too_large) {
        answer_error(x, 413, "too large", strprintf("bodies are limited to %zu bytes", kMaxBody));
        return queue(connection, x);
    }
    WorkRequest request;
    request.input = std::move(x.body);
    if (app->cgi) {
        QueryText query;
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_query, &query);
        const char* type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Type");
        request.env = {
            "GATEWAY_INTERFACE=CGI/1.1",
            "REQUEST_METHOD=" + std::string(method),
            "SCRIPT_NAME=/run/" + name,
            "PATH_INFO=" + path_info,
            "QUERY_STRING=" + query.text,
            "CONTENT_LENGTH=" + std::to_string(request.input.size()),
            "CONTENT_TYPE=" + std::string(type ? type : ""),
            "SERVER_PROTOCOL=" + std::string(version),
            "SERVER_SOFTWARE=zvm",
        };
    } else {
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_arg, &request.args);
    }
    x.submitted = true;
    MHD_suspend_connection(connection);
    const bool cgi = app->cgi;
    server.submit(name, std::move(request), [connection, &x, cgi, &context](Outcome outcome) {
        answer(x, cgi, std::move(outcome));
        MHD_resume_connection(connection);
        context.answered = true;
    });
    return MHD_YES;
}

void on_completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<Exchange*>(*state);
    *state = nullptr;
}

} // namespace

std::string percent_encode(std::string_view text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
            hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

HttpFront::~HttpFront() {
    if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

bool HttpFront::start(const std::string& address, std::string* error) {
    const size_t colon = address.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    int port = 0;
    try {
        port = colon == std::string::npos ? -1 : std::stoi(address.substr(colon + 1));
    } catch (const std::exception&) {
        port = -1;
    }
    if (port <= 0 || port > 65535 ||
        inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr) != 1) {
        *error = "--http " + address + ": expected IPV4ADDRESS:PORT, e.g. 127.0.0.1:8080";
        return false;
    }
    sa.sin_port = htons(static_cast<uint16_t>(port));
    daemon_ =
        MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO,
                         static_cast<uint16_t>(port), nullptr, nullptr, &on_request, &context_,
                         MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED, &on_completed,
                         nullptr, MHD_OPTION_CONNECTION_TIMEOUT, 60U, MHD_OPTION_END);
    if (daemon_ == nullptr) {
        *error = "--http " + address + ": cannot listen (address in use or not local?)";
        return false;
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_EPOLL_FD);
    fd_ = info ? info->epoll_fd : -1;
    if (fd_ < 0) {
        *error = "libmicrohttpd has no epoll descriptor";
        return false;
    }
    return true;
}

void HttpFront::run() {
    context_.answered = false;
    if (daemon_ != nullptr) MHD_run(daemon_);
}

void HttpFront::run_if_due() {
    if (context_.answered || timeout_ms() == 0) run();
}

int HttpFront::timeout_ms() const {
    MHD_UNSIGNED_LONG_LONG ms = 0;
    if (daemon_ == nullptr || MHD_get_timeout(daemon_, &ms) != MHD_YES) return -1;
    return ms > 1000000 ? 1000000 : static_cast<int>(ms);
}

void HttpFront::stop_listening() {
    if (daemon_ != nullptr) MHD_quiesce_daemon(daemon_);
}

} // namespace zvm::runtime::serve
