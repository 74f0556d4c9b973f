// The zvm command: parses the command line and dispatches to one subcommand, each in
// its own file with one entry function.
#include "runtime/exit_status.h"
#include "runtime/run_command.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"zvm: run untrusted x86-64 programs (nexes) in a software-fault-isolation "
                 "sandbox"};
    app.require_subcommand(1);

    zvm::runtime::RunOptions run;
    CLI::App* run_cmd = app.add_subcommand("run", "Validate PROG.nexe and run it");
    run_cmd->add_option("program", run.program, "the nexe to run")->required();
    run_cmd->add_option("args", run.args, "arguments for the program (after --)");
    run_cmd->add_option("--seed", run.seed, "seed of the sandbox's random source")->default_val(0);
    run_cmd
        ->add_option("--timeout", run.timeout,
                     "session timeout in seconds: the program is ended with status 124")
        ->check(CLI::NonNegativeNumber);
    run_cmd
        ->add_option("--memory", run.memory,
                     "limit of the sandbox's memory (image, stack, heap) in bytes; suffixes "
                     "K, M, G (powers of 1024); default 1G")
        ->transform(CLI::AsSizeValue(false));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return zvm::runtime::exit_status::kRuntimeError;
    }
    if (run_cmd->parsed()) return zvm::runtime::run_command(run);
    return zvm::runtime::exit_status::kRuntimeError;
}
