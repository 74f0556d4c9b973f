// Running a command from a test: its exit status and everything it printed.
#pragma once

#include <string>
#include <vector>

namespace zvm::test {

struct CommandResult {
    int exit_status = -1; // the exit code, or 128+N when killed by signal N
    std::string out;      // standard output
    std::string err;      // standard error
};

// Runs argv[0] (a path) with the arguments argv[1..], standard input from `input`.
// Never uses a shell.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = "");

} // namespace zvm::test
