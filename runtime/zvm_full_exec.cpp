#include "runtime/zvm_full_exec.h"

#include "runtime/proc_file.h"
#include "runtime/self_path.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace zvm::runtime {

void exec_zvm_full(std::string* error) {
    const std::string self_path = self_executable(error);
    if (self_path.empty()) return;
    const std::string full = beside(self_path, "zvm-full");
    if (full == self_path) {
        *error = "this is zvm-full (it never hands a command over to itself)";
        return;
    }
    std::string cmdline;
    int err = 0;
    if (!read_whole_file("/proc/self/cmdline", &cmdline, &err)) {
        *error = std::string("cannot read /proc/self/cmdline: ") + std::strerror(err);
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
