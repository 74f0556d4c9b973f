#include "runtime/serve/zmtp_reply.h"

#include "runtime/json_text.h"
#include "runtime/serve/zmtp.h"

namespace zvm::runtime::serve {

std::string zmtp_reply_header(const WorkReply& reply) {
    const std::string& report = reply.report;
    std::string header = "{\"status\":" + std::to_string(reply.status);
    if (report.size() >= 2 && report.front() == '{' && report.back() == '}') {
        header += ",\"report\":";
        header += report;
    }
    header += '}';
    return header;
}

void zmtp_encode_reply(const WorkReply& reply, bool delimiter, std::string* out) {
    if (delimiter) zmtp_encode_frame("", true, out);
    zmtp_encode_frame(zmtp_reply_header(reply), true, out);
    zmtp_encode_frame(reply.output, true, out);
    zmtp_encode_frame(reply.errors, false, out);
}

void zmtp_encode_error(const std::string& kind, const std::string& message, bool delimiter,
                       std::string* out) {
    std::string header = "{\"error\":";
    append_json_string(kind, &header);
    header += ",\"message\":";
    append_json_string(message, &header);
    header += '}';
    if (delimiter) zmtp_encode_frame("", true, out);
    zmtp_encode_frame(header, true, out);
    zmtp_encode_frame("", true, out);
    zmtp_encode_frame("", false, out);
}

} // namespace zvm::runtime::serve
