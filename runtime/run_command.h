// `zvm run [options] PROG.nexe [-- ARGS...]`: validate a nexe and run it in this
// process's sandbox. Returns the exit status of runtime/exit_status.h (docs/cli.md).
// Once per process, as its last act: the sandbox's mappings stay until the process exits.
#pragma once

#include "runtime/report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zvm::runtime {

struct RunOptions {
    std::string program;           // path of the nexe
    std::vector<std::string> args; // argv[1..]; argv[0] is the program's file name
    uint64_t seed = 0;             // seeds the sandbox's random source (AT_RANDOM, getrandom)
    double timeout = 0;            // session timeout in seconds; 0: none
    uint64_t memory = 1ULL << 30;  // limit of the sandbox's mapped bytes
    // The manifest, image, channels and environment (runtime/run_setup.h, docs/manifest.md).
    // The command line wins over the manifest, which wins over a zapp's own manifest.
    std::string manifest;              // --manifest FILE
    std::string image;                 // --image FILE.tar
    std::vector<std::string> channels; // --channel URI,ALIAS,TYPE,ETAG,GETS,GETSIZE,PUTS,PUTSIZE
    std::vector<std::string> env;      // --env NAME=VALUE
    bool timeout_given = false;        // --timeout / --memory were on the command line
    bool memory_given = false;
    uint64_t max_output = UINT64_MAX;          // output quota (runtime/counters.h)
    ReportFormat report = ReportFormat::kNone; // --report text|json (runtime/report.h)
    std::string report_file;                   // where the report goes; empty: stderr
    // The validation cache (runtime/validate_program.h): --cache-dir DIR, --no-cache.
    std::string cache_dir; // empty: the default directory
    bool no_cache = false;
    // Exec mode (zvm exec, runtime/exec_command.h): argv[0] is `argv0` as given, and the
    // program may open regular files of the host's working directory
    // (runtime/channels/cwd_file.h) under the exec allow-list (runtime/seccomp.h).
    bool exec_mode = false;
    std::string argv0;
#ifdef ZVM_UNSAFE_SKIP_VALIDATION_FOR_TESTS
    // Only in the test build zvm-unsafe-novalidate: run a nexe the validator rejects, to
    // show that the seccomp filter (runtime/seccomp.h) stops raw host calls.
    bool skip_validation_for_tests = false;
#endif
};

int run_command(const RunOptions& options);

} // namespace zvm::runtime
