// The static `zvm` (docs/design.md, "Two binaries"): `zvm run` of a nexe or zapp, the
// fast path. Every other subcommand, and help without one, belongs to zvm-full, which is
// executed in zvm's place with the same arguments (runtime/zvm_full_exec.h); so are runs
// that need what this binary leaves out (runtime/violation_printer.h,
// runtime/channels/network_channel.h).
#include "runtime/exit_status.h"
#include "runtime/run_cli.h"
#include "runtime/run_command.h"
#include "runtime/zvm_full_exec.h"

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    using namespace zvm::runtime;
    if (argc < 2 || std::strcmp(argv[1], "run") != 0) {
        std::string error;
        exec_zvm_full(&error); // returns only when zvm-full cannot be started
        std::fprintf(stderr, "zvm: %s%s%s needs zvm-full: %s\n", argc < 2 ? "" : "'",
                     argc < 2 ? "help" : argv[1], argc < 2 ? "" : "'", error.c_str());
        return exit_status::kRuntimeError;
    }
    CLI::App app{kZvmDescription};
    app.require_subcommand(1);
    RunOptions run;
    const CLI::App* run_cmd = add_run_subcommand(app, &run);
    const std::vector<std::string> program_args = take_program_args(&argc, argv);
    if (const auto status = parse_command_line(app, argc, argv)) return *status;
    finish_run_options(*run_cmd, program_args, &run);
    return run_command(run);
}
