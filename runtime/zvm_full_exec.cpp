#include "runtime/zvm_full_exec.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace zvm::runtime {
namespace {

// The whole of a /proc file (its size is not known in advance).
bool read_proc_file(const char* path, std::string* out) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        out->append(buf, static_cast<size_t>(n));
    ::close(fd);
    return n == 0;
}

} // namespace

void exec_zvm_full(std::string* error) {
    char self[PATH_MAX];
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) {
        *error = std::string("cannot find zvm's own path: ") + std::strerror(errno);
        return;
    }
    const std::string self_path(self, static_cast<size_t>(len));
    const std::string full = self_path.substr(0, self_path.find_last_of('/') + 1) + "zvm-full";
    if (full == self_path) {
        *error = "this is zvm-full (it never hands a command over to itself)";
        return;
    }
    std::string cmdline;
    if (!read_proc_file("/proc/self/cmdline", &cmdline)) {
        *error = std::string("cannot read /proc/self/cmdline: ") + std::strerror(errno);
        return;
    }
    // NUL-terminated arguments, one after the other.
    std::vector<char*> argv;
    for (size_t i = 0; i < cmdline.size(); i += std::strlen(cmdline.data() + i) + 1)
        argv.push_back(cmdline.data() + i);
    argv.push_back(nullptr);
    std::fflush(nullptr);
    execve(full.c_str(), argv.data(), environ);
    *error = "cannot execute " + full + ": " + std::strerror(errno);
}

} // namespace zvm::runtime
