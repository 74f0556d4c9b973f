#include "runtime/run_cli.h"

#include "runtime/exit_status.h"

#include <map>

namespace zvm::runtime {

CLI::App* add_run_subcommand(CLI::App& app, RunOptions* run) {
    CLI::App* cmd = app.add_subcommand("run", "Validate PROG.nexe and run it");
    cmd->add_option("program", run->program, "the nexe or zapp to run (or the manifest's Program)");
    cmd->add_option("args", run->args, "arguments for the program (after --)");
    cmd->add_option("--manifest", run->manifest, "a ZeroVM manifest (docs/manifest.md)");
    cmd->add_option("--image", run->image, "a tar archive mounted read-only at /");
    cmd->add_option("--channel", run->channels,
                    "URI,ALIAS,TYPE,ETAG,GETS,GETSIZE,PUTS,PUTSIZE: a host file the "
                    "program opens as ALIAS (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--env", run->env, "NAME=VALUE in the program's environment (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--seed", run->seed, "seed of the sandbox's random source")->default_val(0);
    cmd->add_option("--timeout", run->timeout,
                    "session timeout in seconds: the program is ended with status 124")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--memory", run->memory,
                    "limit of the sandbox's memory (image, stack, heap) in bytes; suffixes "
                    "K, M, G (powers of 1024); default 1G")
        ->transform(CLI::AsSizeValue(false));
    cmd->add_option("--max-output", run->max_output,
                    "output quota: bytes the program may write in all (stdout, stderr, "
                    "channels); further writes get -EDQUOT; suffixes K, M, G")
        ->transform(CLI::AsSizeValue(false));
    cmd->add_option("--report", run->report,
                    "print ZeroVM's six-line report (text) or the same as JSON (json)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, ReportFormat>{{"text", ReportFormat::kText},
                                                {"json", ReportFormat::kJson}},
            CLI::ignore_case));
    cmd->add_option("--report-file", run->report_file,
                    "write the report to this file instead of stderr");
    cmd->add_option("--cache-dir", run->cache_dir,
                    "the validation cache directory (default $ZVM_CACHE_DIR, "
                    "$XDG_CACHE_HOME/zvm or ~/.cache/zvm)");
    cmd->add_flag("--no-cache", run->no_cache,
                  "validate without the validation cache (neither read nor written)");
    return cmd;
}

std::vector<std::string> take_program_args(int* argc, char** argv) {
    if (*argc < 2 || std::string(argv[1]) != "run") return {};
    for (int i = 2; i < *argc; ++i) {
        if (std::string(argv[i]) != "--") continue;
        std::vector<std::string> args(argv + i + 1, argv + *argc);
        *argc = i;
        return args;
    }
    return {};
}

void finish_run_options(const CLI::App& run, const std::vector<std::string>& program_args,
                        RunOptions* options) {
    options->args.insert(options->args.end(), program_args.begin(), program_args.end());
    options->timeout_given = run.count("--timeout") > 0;
    options->memory_given = run.count("--memory") > 0;
}

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_status::kRuntimeError;
    }
    return std::nullopt;
}

} // namespace zvm::runtime
