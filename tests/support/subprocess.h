// Running a command from a test: its exit status and everything it printed.
#pragma once

#include <string>
#include <sys/types.h>
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

// Starts argv[0] (a path) with the arguments argv[1..] and the descriptors `in`, `out` and
// `err` as its standard input, output and error (-1: /dev/null), for a test that needs
// them to be something run_command's pipes are not (a pipe it keeps open, one whose reader
// is gone, a file). No other descriptor of the caller's is passed on unless it lacks
// O_CLOEXEC. The child's pid (for waitpid or wait4); throws when it cannot be started.
pid_t spawn_with_stdio(const std::vector<std::string>& argv, int in, int out, int err);

} // namespace zvm::test
