// The ZeroMQ reply to a request (docs/serve.md, "ZeroMQ"), as the bytes of one ZMTP message:
// [empty delimiter for a REQ client], header JSON {"status": N, "report": {...}} (or an
// error), stdout, stderr. One encoding for both writers of a reply: the ZeroMQ front, and a worker
// that answers on the client's connection itself (runtime/serve/protocol.h, WorkRequest::Reply);
// when a worker could send only part of it, the front sends the rest of the same bytes.
#pragma once

#include "runtime/serve/protocol.h"

#include <string>

namespace zvm::runtime::serve {

// The header frame. The worker's report is one JSON object made by format_json
// (runtime/report.cpp): spliced in as text, not parsed and printed again per request.
std::string zmtp_reply_header(const WorkReply& reply);

// Appends the whole message to *out.
void zmtp_encode_reply(const WorkReply& reply, bool delimiter, std::string* out);

// Appends an error reply to *out: [delimiter], {"error": KIND, "message": "..."}, "", "".
void zmtp_encode_error(const std::string& kind, const std::string& message, bool delimiter,
                       std::string* out);

} // namespace zvm::runtime::serve
