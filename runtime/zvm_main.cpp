// The zvm command: parses the command line and dispatches to one subcommand, each in
// its own file with one entry function.
#include "runtime/exit_status.h"
#include "runtime/lazy_module.h"
#include "runtime/pack_command.h"
#include "runtime/run_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>

int main(int argc, char** argv) {
    CLI::App app{"zvm: run untrusted x86-64 programs (nexes) in a software-fault-isolation "
                 "sandbox"};
    app.require_subcommand(1);

    zvm::runtime::RunOptions run;
    CLI::App* run_cmd = app.add_subcommand("run", "Validate PROG.nexe and run it");
    run_cmd->add_option("program", run.program,
                        "the nexe or zapp to run (or the manifest's Program)");
    run_cmd->add_option("args", run.args, "arguments for the program (after --)");
    run_cmd->add_option("--manifest", run.manifest, "a ZeroVM manifest (docs/manifest.md)");
    run_cmd->add_option("--image", run.image, "a tar archive mounted read-only at /");
    run_cmd->add_option("--channel", run.channels,
                        "URI,ALIAS,TYPE,ETAG,GETS,GETSIZE,PUTS,PUTSIZE: a host file the "
                        "program opens as ALIAS (repeatable)")
        ->allow_extra_args(false);
    run_cmd->add_option("--env", run.env, "NAME=VALUE in the program's environment (repeatable)")
        ->allow_extra_args(false);
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
    run_cmd
        ->add_option("--max-output", run.max_output,
                     "output quota: bytes the program may write in all (stdout, stderr, "
                     "channels); further writes get -EDQUOT; suffixes K, M, G")
        ->transform(CLI::AsSizeValue(false));
    run_cmd
        ->add_option("--report", run.report,
                     "print ZeroVM's six-line report (text) or the same as JSON (json)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, zvm::runtime::ReportFormat>{
                {"text", zvm::runtime::ReportFormat::kText},
                {"json", zvm::runtime::ReportFormat::kJson}},
            CLI::ignore_case));
    run_cmd->add_option("--report-file", run.report_file,
                        "write the report to this file instead of stderr");
#ifdef ZVM_UNSAFE_SKIP_VALIDATION_FOR_TESTS
    // zvm-unsafe-novalidate only (a test build, never installed): see run_command.h.
    run_cmd->add_flag("--skip-validation-for-tests", run.skip_validation_for_tests,
                      "UNSAFE, tests only: run the nexe even if the validator rejects it");
#endif

    zvm::runtime::PackOptions pack;
    CLI::App* pack_cmd = app.add_subcommand("pack", "Build a zapp from a nexe and image files");
    pack_cmd->add_option("-o,--output", pack.output, "the zapp to write")->required();
    pack_cmd->add_option("--nexe", pack.nexe, "the program")->required();
    pack_cmd->add_option("--manifest", pack.manifest, "the zapp's manifest (default: generated)");
    pack_cmd->add_option("--dir", pack.dir, "a directory whose tree becomes the image");
    pack_cmd->add_option("files", pack.files, "files and directories for the image (relative)");

    // `zvm run ... -- ARGS`: everything after the first "--" is the program's, even when no
    // program is named before it (--manifest with Program).
    std::vector<std::string> after_dashes;
    if (argc > 1 && std::string(argv[1]) == "run") {
        for (int i = 2; i < argc; ++i) {
            if (std::string(argv[i]) != "--") continue;
            after_dashes.assign(argv + i + 1, argv + argc);
            argc = i;
            break;
        }
    }
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
    if (run_cmd->parsed()) {
        run.args.insert(run.args.end(), after_dashes.begin(), after_dashes.end());
        run.timeout_given = run_cmd->count("--timeout") > 0;
        run.memory_given = run_cmd->count("--memory") > 0;
        return zvm::runtime::run_command(run);
    }
    if (pack_cmd->parsed()) {
        // zvm pack lives in zvm_pack.so with libarchive (runtime/lazy_module.h).
        std::string error;
        using Pack = int (*)(const zvm::runtime::PackOptions*);
        const auto pack_fn = reinterpret_cast<Pack>(
            zvm::runtime::lazy_module_symbol("zvm_pack", "zvm_pack_command", &error));
        if (pack_fn == nullptr) {
            std::fprintf(stderr, "zvm: pack: %s\n", error.c_str());
            return zvm::runtime::exit_status::kRuntimeError;
        }
        return pack_fn(&pack);
    }
    return zvm::runtime::exit_status::kRuntimeError;
}
