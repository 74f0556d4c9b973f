// The command lines of `zvm serve`, `zvm call` and the hidden `zvm worker` (the process
// `zvm serve` starts per worker), for zvm-full (runtime/zvm_full_main.cpp); docs/cli.md
// and docs/serve.md describe them.
#pragma once

#include "runtime/serve/call_command.h"
#include "runtime/serve/serve_command.h"
#include "runtime/serve/worker.h"

#include <CLI/CLI.hpp>
#include <optional>

namespace zvm::runtime::serve {

class ServeCli {
  public:
    // Adds the three subcommands to `app`.
    explicit ServeCli(CLI::App& app);
    // `zvm call APP ... -- ARGS`: takes the program's arguments off the command line
    // before parsing, as take_program_args does for run.
    static std::vector<std::string> take_call_args(int* argc, char** argv);
    // After parsing: the exit status of the subcommand that was given, or nothing.
    std::optional<int> run(const std::vector<std::string>& call_args);

  private:
    ServeOptions serve_;
    CallOptions call_;
    WorkerOptions worker_;
    CLI::App* serve_cmd_;
    CLI::App* call_cmd_;
    CLI::App* worker_cmd_;
};

} // namespace zvm::runtime::serve
