// The static `zvm` (docs/design.md, "Two binaries"): `zvm run` of a nexe or zapp, the
// fast path, with its own small parser of the command line (runtime/run_cli_fast.h).
// Every other subcommand, help, any command line that parser declines, and runs that need
// what this binary leaves out (runtime/violation_printer.h,
// runtime/channels/network_channel.h) go to zvm-full, executed in zvm's place with the
// same arguments (runtime/zvm_full_exec.h). `zvm exec` and the binfmt_misc interpreter
// name `zvm-exec` (runtime/exec_command.h) are handled here too: they run nexes.
#include "runtime/exec_command.h"
#include "runtime/exit_status.h"
#include "runtime/run_cli_fast.h"
#include "runtime/run_command.h"
#include "runtime/zvm_full_exec.h"

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    using namespace zvm::runtime;
    if (invoked_as_exec_interpreter(argv[0])) return exec_interpreter_main(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "exec") == 0) return exec_main(argc, argv);
    RunOptions run;
    if (parse_run_fast(argc, argv, &run)) return run_command(run);
    std::string error;
    exec_zvm_full(&error); // returns only when zvm-full cannot be started
    if (argc >= 2 && std::strcmp(argv[1], "run") == 0)
        std::fprintf(stderr,
                     "zvm: this command line needs zvm-full (help, errors and rarer spellings "
                     "of options are parsed there): %s\n",
                     error.c_str());
    else
        std::fprintf(stderr, "zvm: %s%s%s needs zvm-full: %s\n", argc < 2 ? "" : "'",
                     argc < 2 ? "help" : argv[1], argc < 2 ? "" : "'", error.c_str());
    return exit_status::kRuntimeError;
}
