#include "runtime/run_command.h"

#include "runtime/exit_status.h"
#include "runtime/faults.h"
#include "runtime/instance.h"
#include "runtime/loader.h"
#include "runtime/text.h"
#include "runtime/trampoline.h"
#include "syscalls/dispatch.h"
#include "validator/disassemble.h"
#include "validator/nexe.h"

#include <cinttypes>
#include <cstdio>

namespace zvm::runtime {
namespace {

std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

void print_violations(const std::string& program, const validator::Result& result) {
    std::fprintf(stderr, "zvm: %s: validation failed (%zu violation%s):\n", program.c_str(),
                 result.violations.size(), result.violations.size() == 1 ? "" : "s");
    for (const auto& v : result.violations) {
        std::fprintf(stderr, "  %s\n", validator::format_violation(v).c_str());
    }
}

} // namespace

int run_command(const RunOptions& options) {
    const std::string& program = options.program;

    // 1. Read the nexe once: these bytes are validated and then copied into the sandbox.
    std::string error;
    const auto file = read_file(program, &error);
    if (!file) {
        std::fprintf(stderr, "zvm: cannot read %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kNotFound;
    }

    // 2. Validate them.
    const validator::NexeResult checked = validator::validate_nexe(*file);
    if (checked.format_error) {
        std::fprintf(stderr, "zvm: %s: not a nexe: %s\n", program.c_str(),
                     checked.format_error->c_str());
        return exit_status::kCannotRun;
    }
    if (!checked.result.valid()) {
        print_violations(program, checked.result);
        return exit_status::kCannotRun;
    }

    // 3. Reserve the sandbox's address range and prepare the trampoline's context.
    auto memory = SandboxMemory::create(&error);
    if (!memory) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }
    Instance instance;
    instance.memory = memory.get();
    instance.random.reseed(options.seed);
    instance.memory_limit = options.memory;
    if (!init_context(&syscalls::dispatch_from_context, &instance)) {
        std::fprintf(stderr, "zvm: %s: this processor's xsave layout is not supported\n",
                     program.c_str());
        return exit_status::kCannotRun;
    }

    // 4. Map the image, trampolines, thread-pointer page and initial stack.
    LoadOptions load;
    load.argv.push_back(file_name(program));
    load.argv.insert(load.argv.end(), options.args.begin(), options.args.end());
    const auto start = load_nexe(instance, *file, checked.nexe, load, &error);
    if (!start) {
        std::fprintf(stderr, "zvm: %s: cannot load: %s\n", program.c_str(), error.c_str());
        return exit_status::kCannotRun;
    }

    if (memory->mapped_bytes() > options.memory) {
        std::fprintf(stderr,
                     "zvm: %s: the image and stack need %" PRIu64 " bytes, more than the memory "
                     "limit of %" PRIu64 "\n",
                     program.c_str(), memory->mapped_bytes(), options.memory);
        return exit_status::kCannotRun;
    }

    // 5. Faults of untrusted code end the instance with a report; so does the timeout.
    if (!install_fault_handlers(&error) ||
        (options.timeout > 0 && !arm_session_timeout(options.timeout, program, &error))) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }

    // 6. Run until exit or fault.
    const int status = zvm_enter_sandbox(start->entry, start->stack_pointer);
    const Fault fault = last_fault();
    if (fault.signal != 0) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), fault_report(fault).c_str());
    }
    return status;
}

} // namespace zvm::runtime
