// Where this executable is (/proc/self/exe), and the paths of its sibling binaries
// (zvm-full beside zvm, the zvm-exec link), for the commands that start or register them.
#pragma once

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <string_view>
#include <unistd.h>

namespace zvm::runtime {

// This executable's path, or "" with *error saying why.
inline std::string self_executable(std::string* error) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) {
        *error = std::string("cannot find zvm's own path: ") + std::strerror(errno);
        return {};
    }
    return std::string(buf, static_cast<size_t>(n));
}

// The path of `name` in the directory of `executable` (a path with a '/').
inline std::string beside(const std::string& executable, std::string_view name) {
    return executable.substr(0, executable.find_last_of('/') + 1) + std::string(name);
}

} // namespace zvm::runtime
