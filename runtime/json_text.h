// JSON text written directly, without building a document first: for the report, which
// `zvm serve` writes once per request. Any bytes give valid JSON (RFC 8259).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zvm::runtime {

// Appends `text` as a JSON string, quotes included: '"', '\\' and the control characters
// escaped, valid UTF-8 kept as it is, and what is not (a stray continuation byte, an
// overlong or truncated sequence, a surrogate, beyond U+10FFFF) replaced by U+FFFD, one
// per maximal subpart as Unicode recommends (a truncated sequence is one U+FFFD, a byte
// that cannot start or continue one is one each).
void append_json_string(std::string_view text, std::string* out);

// Appends a number: integers in decimal; a double in its shortest form that reads back
// the same, with ".0" when that form is an integer (JSON readers then see a float), and
// null when it is not finite (JSON has no NaN or infinity).
void append_json_number(int value, std::string* out);
void append_json_number(int64_t value, std::string* out);
void append_json_number(uint64_t value, std::string* out);
void append_json_number(double value, std::string* out);

} // namespace zvm::runtime
