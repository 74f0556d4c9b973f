#include "process.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace zvm::zcc {

int run(const std::vector<std::string>& argv, bool verbose) {
    if (verbose) {
        for (size_t i = 0; i < argv.size(); ++i)
            std::fprintf(stderr, "%s%s", i ? " " : "", argv[i].c_str());
        std::fprintf(stderr, "\n");
    }
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid;
    int err = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
    if (err != 0) {
        std::fprintf(stderr, "zcc: cannot run %s: %s\n", args[0], std::strerror(err));
        return 127;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "zcc: waitpid: %s\n", std::strerror(errno));
            return 127;
        }
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 127;
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/zcc-XXXXXX";
    if (!mkdtemp(tmpl.data())) {
        std::fprintf(stderr, "zcc: cannot create a temporary directory: %s\n",
                     std::strerror(errno));
        std::exit(1);
    }
    path_ = tmpl;
}

TempDir::~TempDir() {
    if (keep_) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string TempDir::file(const std::string& stem) {
    return path_ + "/" + std::to_string(counter_++) + "-" + stem;
}

std::string selfDirectory() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return ".";
    return exe.parent_path().string();
}

} // namespace zvm::zcc
