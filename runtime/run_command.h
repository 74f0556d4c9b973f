// `zvm run [options] PROG.nexe [-- ARGS...]`: validate a nexe and run it in this
// process's sandbox. Returns the exit status of runtime/exit_status.h (docs/cli.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zvm::runtime {

struct RunOptions {
    std::string program;           // path of the nexe
    std::vector<std::string> args; // argv[1..]; argv[0] is the program's file name
    uint64_t seed = 0;             // seeds the sandbox's random source (AT_RANDOM, getrandom)
    double timeout = 0;            // session timeout in seconds; 0: none
    uint64_t memory = 1ULL << 30;  // limit of the sandbox's mapped bytes
};

int run_command(const RunOptions& options);

} // namespace zvm::runtime
