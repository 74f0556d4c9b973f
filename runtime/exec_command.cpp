#include "runtime/exec_command.h"

#include "runtime/exit_status.h"
#include "runtime/run_command.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace zvm::runtime {
namespace {

// The caller's environment, as a native program would get it (entries without a name or
// '=' cannot be passed on by `zvm run`'s rules and are left out).
std::vector<std::string> caller_environment() {
    std::vector<std::string> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const char* eq = std::strchr(*e, '=');
        if (eq != nullptr && eq != *e) env.emplace_back(*e);
    }
    return env;
}

int exec_program(const char* program, const char* argv0, int argc, char** args) {
    RunOptions options;
    options.exec_mode = true;
    options.program = program;
    options.argv0 = argv0;
    options.args.assign(args, args + argc);
    options.env = caller_environment();
    return run_command(options);
}

} // namespace

bool invoked_as_exec_interpreter(const char* argv0) {
    if (argv0 == nullptr) return false;
    const char* slash = std::strrchr(argv0, '/');
    return std::strcmp(slash != nullptr ? slash + 1 : argv0, kExecInterpreterName) == 0;
}

int exec_main(int argc, char** argv) {
    if (argc < 3 || std::strcmp(argv[2], "--help") == 0 || std::strcmp(argv[2], "-h") == 0) {
        std::fprintf(stderr, "usage: zvm exec PROG.nexe [ARGS...]\n"
                             "  runs PROG like a native program (docs/cli.md, \"zvm exec\")\n");
        return argc < 3 ? exit_status::kRuntimeError : 0;
    }
    return exec_program(argv[2], argv[2], argc - 3, argv + 3);
}

int exec_interpreter_main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: %s PROG ARGV0 [ARGS...] (the binfmt_misc interpreter of nexes, "
                     "registered by `zvm binfmt install`; by hand: zvm exec PROG [ARGS...])\n",
                     kExecInterpreterName);
        return exit_status::kRuntimeError;
    }
    return exec_program(argv[1], argv[2], argc - 3, argv + 3);
}

} // namespace zvm::runtime
