// Small text helpers shared by the runtime: printf-style formatting into std::string
// (libstdc++ 12 has no <format>) and trimming for the manifest and channel parsers.
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>
#include <string_view>

namespace zvm::runtime {

__attribute__((format(printf, 1, 2))) inline std::string strprintf(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, args);
    va_end(args);
    std::string out(n > 0 ? static_cast<size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
    va_end(again);
    return out;
}

// `s` without leading blanks (space, tab) and trailing blanks or carriage return.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

} // namespace zvm::runtime
