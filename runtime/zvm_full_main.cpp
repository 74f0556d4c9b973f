// `zvm-full` (docs/design.md, "Two binaries"): the same command line as the static zvm,
// with every subcommand. The static zvm executes this binary for everything but the fast
// path of `zvm run`. A new subcommand: its options and dispatch here, its entry function
// in its own file (like runtime/pack_command.h).
#include "runtime/binfmt_command.h"
#include "runtime/exec_command.h"
#include "runtime/exit_status.h"
#include "runtime/pack_command.h"
#include "runtime/run_cli.h"
#include "runtime/run_command.h"
#include "runtime/serve/serve_cli.h"

#include <cstring>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace zvm::runtime;
    // Exec mode takes the rest of the command line as the program's, unparsed (as the
    // static zvm does, which hands it here only to print violations).
    if (invoked_as_exec_interpreter(argv[0])) return exec_interpreter_main(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "exec") == 0) return exec_main(argc, argv);
    CLI::App app{kZvmDescription};
    app.require_subcommand(1);

    RunOptions run;
    const CLI::App* run_cmd = add_run_subcommand(app, &run);

    PackOptions pack;
    CLI::App* pack_cmd = app.add_subcommand("pack", "Build a zapp from a nexe and image files");
    pack_cmd->add_option("-o,--output", pack.output, "the zapp to write")->required();
    pack_cmd->add_option("--nexe", pack.nexe, "the program")->required();
    pack_cmd->add_option("--manifest", pack.manifest, "the zapp's manifest (default: generated)");
    pack_cmd->add_option("--dir", pack.dir, "a directory whose tree becomes the image");
    pack_cmd->add_option("files", pack.files, "files and directories for the image (relative)");

    // `exec` is dispatched above; listed here for the help.
    app.add_subcommand("exec", "Run PROG.nexe [ARGS...] like a native program (docs/cli.md)")
        ->allow_extras();

    BinfmtOptions binfmt;
    CLI::App* binfmt_cmd = app.add_subcommand(
        "binfmt", "Register, remove or show the binfmt_misc entry that runs nexes with zvm exec");
    binfmt_cmd->add_option("action", binfmt.action, "install, remove or status")
        ->required()
        ->check(CLI::IsMember({"install", "remove", "status"}));
    binfmt_cmd->add_option("--name", binfmt.name, "the entry's name (default: zvm)");
    binfmt_cmd->add_option("--binfmt-dir", binfmt.dir,
                           "where binfmt_misc is mounted (default: /proc/sys/fs/binfmt_misc)");

    serve::ServeCli serve_cli(app); // serve, call and the internal worker

    const std::vector<std::string> call_args = serve::ServeCli::take_call_args(&argc, argv);
    const std::vector<std::string> program_args = take_program_args(&argc, argv);
    if (const auto status = parse_command_line(app, argc, argv)) return *status;
    if (run_cmd->parsed()) {
        finish_run_options(*run_cmd, program_args, &run);
        return run_command(run);
    }
    if (pack_cmd->parsed()) return pack_command(pack);
    if (binfmt_cmd->parsed()) return binfmt_command(binfmt);
    if (const auto status = serve_cli.run(call_args)) return *status;
    return exit_status::kRuntimeError;
}
