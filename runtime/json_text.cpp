#include "runtime/json_text.h"

#include <charconv>
#include <cmath>

namespace zvm::runtime {
namespace {

// The bytes the UTF-8 sequence starting at text[i] (a byte >= 0x80) takes, and whether it
// is valid (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). An invalid
// one takes its maximal subpart (Unicode 15, section 3.9): the lead and the continuation
// bytes that were right so far, at least one byte; each such part becomes one U+FFFD.
size_t utf8_sequence(std::string_view text, size_t i, bool* valid) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // the second byte's range
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        *valid = false;
        return 1;
    }
    for (size_t k = 1; k < length; ++k) {
        const bool right = i + k < text.size() && byte(i + k) >= (k == 1 ? low : 0x80) &&
                           byte(i + k) <= (k == 1 ? high : 0xBF);
        if (!right) {
            *valid = false;
            return k;
        }
    }
    *valid = true;
    return length;
}

// The letter of the two-character escape of `c` (\" \\ \b \f \n \r \t), or 0 if it has none.
char short_escape(unsigned char c) {
    switch (c) {
    case '"':
        return '"';
    case '\\':
        return '\\';
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    default:
        return 0;
    }
}

template <typename T> void append_integer(T value, std::string* out) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out->append(buffer, end);
}

} // namespace

void append_json_string(std::string_view text, std::string* out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out->push_back('"');
    size_t plain = 0; // text[plain, i) is copied as it is
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        size_t length = 1;
        if (c >= 0x80) {
            bool valid = false;
            length = utf8_sequence(text, i, &valid);
            if (valid) {
                i += length;
                continue;
            }
        }
        out->append(text.substr(plain, i - plain));
        if (const char letter = short_escape(c)) {
            out->push_back('\\');
            out->push_back(letter);
        } else if (c < 0x20) {
            const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
            out->append(escape, sizeof escape);
        } else {
            out->append("\xEF\xBF\xBD"); // U+FFFD for what is not UTF-8
        }
        i += length;
        plain = i;
    }
    out->append(text.substr(plain));
    out->push_back('"');
}

void append_json_number(int value, std::string* out) {
    append_integer(value, out);
}

void append_json_number(int64_t value, std::string* out) {
    append_integer(value, out);
}

void append_json_number(uint64_t value, std::string* out) {
    append_integer(value, out);
}

void append_json_number(double value, std::string* out) {
    if (!std::isfinite(value)) {
        out->append("null");
        return;
    }
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    const std::string_view text(buffer, static_cast<size_t>(end - buffer));
    out->append(text);
    if (text.find_first_of(".e") == std::string_view::npos) out->append(".0");
}

} // namespace zvm::runtime
