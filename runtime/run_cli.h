// The command line of `zvm run`, shared by both binaries (docs/design.md, "Two binaries"):
// the static zvm parses only this subcommand, zvm-full parses it next to the others, so
// both accept exactly the same options.
#pragma once

#include "runtime/run_command.h"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace zvm::runtime {

// The description both binaries' help starts with.
inline constexpr const char* kZvmDescription =
    "zvm: run untrusted x86-64 programs (nexes) in a software-fault-isolation sandbox";

// Adds the `run` subcommand and its options (docs/cli.md) to `app`; parsing fills *options.
CLI::App* add_run_subcommand(CLI::App& app, RunOptions* options);

// `zvm run ... -- ARGS`: everything after the first "--" is the program's, even when no
// program is named before it (--manifest with Program). When argv[1] is "run", cuts them
// off (*argc becomes the index of the "--") and returns them.
std::vector<std::string> take_program_args(int* argc, char** argv);

// After parsing `run`: appends the program's arguments and records which limits were
// given on the command line (they win over the manifest's).
void finish_run_options(const CLI::App& run, const std::vector<std::string>& program_args,
                        RunOptions* options);

// Parses the command line; returns the exit status to end with when parsing ends the
// command (help: 0; a bad command line: exit_status::kRuntimeError, with CLI11's message),
// nothing when the parsed subcommand should run.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

} // namespace zvm::runtime
