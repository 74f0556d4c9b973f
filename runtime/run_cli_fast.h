// The static zvm's own parser of `zvm run`'s command line (runtime/run_cli.h has the
// CLI11 one, used by zvm-full). Building CLI11's parser and the <iostream> it brings cost
// about 300 µs of every start here (docs/cli.md, "Start-up trace"), as much as zvm's own
// work before the program runs. This parser accepts the everyday forms only:
//   zvm run [OPTION VALUE | OPTION=VALUE]... PROGRAM [ARGS...] [-- ARGS...]
// with the options of run_cli.h, plain decimal numbers (sizes with one suffix K, M or G),
// `--report text|json`, each single-valued option at most once, no argument starting with
// '-' other than a known option, no empty argument. It yields exactly what the CLI11
// parser would for the same words (tests/runtime/run_cli_fast_test.cpp compares them);
// anything else (help, errors, rarer spellings) it declines, and zvm hands the command to
// zvm-full, whose CLI11 parser answers.
#pragma once

#include "runtime/run_command.h"

namespace zvm::runtime {

// Parses `argv[1..argc)` (argv[1] is "run") into *options. False when declined (*options
// then holds nothing useful).
bool parse_run_fast(int argc, const char* const* argv, RunOptions* options);

} // namespace zvm::runtime
