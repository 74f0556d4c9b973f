// A `zvm run` caught while its program runs: started with a pipe as stdin, so a program
// that reads stdin blocks in the runtime's read until finish() closes the pipe. Running()
// waits until the seccomp filter is installed (the runtime's last step before the program
// starts); mappings() reads the process's /proc/PID/smaps meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace zvm::test {

// A mapping of a process, from /proc/PID/smaps: its permissions, the file it maps, and
// how much of it is resident.
struct Mapping {
    std::string perms;
    std::string path;
    uint64_t size_kb = 0;
    uint64_t rss_kb = 0;
};

inline std::vector<Mapping> mappings_of(pid_t pid) {
    std::vector<Mapping> maps;
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string first;
        fields >> first;
        if (first == "Size:" && !maps.empty()) {
            fields >> maps.back().size_kb;
        } else if (first == "Rss:" && !maps.empty()) {
            fields >> maps.back().rss_kb;
        } else if (first.find('-') != std::string::npos && first.back() != ':') {
            Mapping m; // "start-end perms offset dev inode [path]"
            std::string offset, dev, inode;
            fields >> m.perms >> offset >> dev >> inode >> m.path;
            maps.push_back(m);
        }
    }
    return maps;
}

class RunningZvm {
  public:
    // Starts `zvm ARGS...`; running() says whether its program started.
    RunningZvm(const std::string& zvm, const std::vector<std::string>& args) {
        int input[2];
        if (pipe2(input, O_CLOEXEC) != 0) return; // the child gets a copy as stdin only
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
        std::vector<char*> argv = {const_cast<char*>(zvm.c_str())};
        for (const std::string& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, zvm.c_str(), &actions, nullptr, argv.data(), environ) != 0)
            pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        close(input[0]);
        input_ = input[1];
        const std::string status_path = "/proc/" + std::to_string(pid_) + "/status";
        for (int i = 0; i < 1000 && pid_ > 0 && !running_; ++i) {
            std::ifstream status(status_path);
            std::string line;
            while (std::getline(status, line))
                if (line.rfind("Seccomp:", 0) == 0 && line.find('2') != std::string::npos)
                    running_ = true;
            if (!running_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    ~RunningZvm() { finish(); }
    RunningZvm(const RunningZvm&) = delete;
    RunningZvm& operator=(const RunningZvm&) = delete;

    bool running() const { return running_; }
    std::vector<Mapping> mappings() const { return mappings_of(pid_); }

    // Ends the program's input and waits: the wait status, or -1.
    int finish() {
        if (input_ >= 0) close(input_);
        input_ = -1;
        if (pid_ <= 0) return -1;
        int status = 0;
        const pid_t got = waitpid(pid_, &status, 0);
        pid_ = -1;
        return got > 0 ? status : -1;
    }

  private:
    pid_t pid_ = -1;
    int input_ = -1;
    bool running_ = false;
};

} // namespace zvm::test
