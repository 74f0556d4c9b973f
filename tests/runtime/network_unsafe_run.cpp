// A test-only driver (never installed): `zvm run` as zvm-full does it, with network
// channels (library zvm_net), but without applying the validator's verdict, so that the
// network seccomp tests (network_seccomp_test.cpp) can run nexes executing a raw `syscall`
// while ZeroMQ's threads run. Compiled with its own copy of runtime/run_command.cpp and
// ZVM_UNSAFE_SKIP_VALIDATION_FOR_TESTS, like zvm-unsafe-novalidate.
//
//   network_unsafe_run NEXE [--channel SPEC]... [--timeout S]
// runs NEXE with --skip-validation-for-tests and a JSON report on stderr.
#include "runtime/run_command.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    using namespace zvm::runtime;
    if (argc < 2) {
        std::fprintf(stderr, "usage: network_unsafe_run NEXE [--channel SPEC]... [--timeout S]\n");
        return 125;
    }
    RunOptions options;
    options.program = argv[1];
    options.report = ReportFormat::kJson;
    options.skip_validation_for_tests = true;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--channel") {
            options.channels.emplace_back(argv[i + 1]);
        } else if (flag == "--timeout") {
            options.timeout = std::atof(argv[i + 1]);
            options.timeout_given = true;
        } else {
            std::fprintf(stderr, "network_unsafe_run: unknown option %s\n", flag.c_str());
            return 125;
        }
    }
    return run_command(options);
}
