#include "runtime/run_command.h"

#include "runtime/channels/cwd_file.h"
#include "runtime/counters.h"
#include "runtime/cpu_features.h"
#include "runtime/exit_status.h"
#include "runtime/faults.h"
#include "runtime/instance.h"
#include "runtime/io_setup.h"
#include "runtime/loader.h"
#include "runtime/run_setup.h"
#include "runtime/seccomp.h"
#include "runtime/text.h"
#include "runtime/trampoline.h"
#include "runtime/validate_program.h"
#include "runtime/violation_printer.h"
#include "syscalls/dispatch.h"
#include "validator/nexe.h"

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

// Per process: the sandbox of this process's run, never destroyed. run_command is the
// last thing its process does (zvm_main.cpp, zvm_full_main.cpp, exec_command.cpp), and
// the kernel tears the mappings down at exit in less time than ~SandboxMemory's munmaps
// took (about 100 µs of each `zvm run` here; docs/cli.md, "Start-up trace"). Held here
// rather than dropped, so that it stays reachable for leak checkers.
SandboxMemory* g_run_sandbox = nullptr;

std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Whether the validator's verdict is enforced: always, except in the test-only build
// zvm-unsafe-novalidate when asked (runtime/run_command.h).
bool enforce_validation([[maybe_unused]] const RunOptions& options) {
#ifdef ZVM_UNSAFE_SKIP_VALIDATION_FOR_TESTS
    return !options.skip_validation_for_tests;
#else
    return true;
#endif
}

// Exec mode: the host's working directory, open at the fixed descriptor kHostCwdFd (the
// seccomp filter allows openat only there; runtime/channels/cwd_file.h). Whatever zvm
// inherited at that number is replaced: zvm uses no inherited descriptor but 0-2.
bool open_host_cwd(std::string* error) {
    const int fd = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *error = std::string("cannot open the working directory: ") + std::strerror(errno);
        return false;
    }
    if (fd != kHostCwdFd && ::dup3(fd, kHostCwdFd, O_CLOEXEC) < 0) {
        *error = "cannot place the working directory at descriptor " + std::to_string(kHostCwdFd) +
                 ": " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    if (fd != kHostCwdFd) ::close(fd);
    return true;
}

// The report's exit state when zvm stopped before the program ran.
std::string failure_state(int status, ValidatorState validator) {
    switch (status) {
    case exit_status::kNotFound:
        return "cannot read the program";
    case exit_status::kCannotRun:
        return validator == ValidatorState::kFailed ? "validation failed"
                                                    : "cannot run the program";
    default:
        return "runtime error";
    }
}

// Steps 1-6 below; fills in the report's facts as they become known.
int run_instance(const RunOptions& options, Report& report, StartupTrace& trace) {
    // 1. Read the program (a nexe or a zapp), the manifest, the image and open the
    // channels (runtime/run_setup.h): the nexe's bytes are validated and then copied into
    // the sandbox; the image's files are served from the bytes read here.
    PreparedRun prepared;
    if (const int status = prepare_run(options, &prepared)) return status;
    const std::string& program = prepared.program;
    const std::span<const uint8_t> file = prepared.nexe;
    std::string error;
    trace.mark("read");

    // 2. Validate them, through the validation cache (runtime/validate_program.h).
    const ProgramCheck check =
        validate_program(file, program_cache_dir(options.no_cache, options.cache_dir));
    const validator::NexeResult& checked = check.result;
    trace.mark(check.cache_hit ? "validate-cached" : "validate");
    if (checked.format_error) {
        std::fprintf(stderr, "zvm: %s: not a nexe: %s\n", program.c_str(),
                     checked.format_error->c_str());
        return exit_status::kCannotRun;
    }
    report.validator = checked.result.valid() ? ValidatorState::kOk : ValidatorState::kFailed;
    if (!enforce_validation(options)) report.validator = ValidatorState::kNotRun;
    if (!checked.result.valid() && enforce_validation(options)) {
        print_violations(program, checked.result);
        return exit_status::kCannotRun;
    }
    if (const std::string lacking = unmet_isa(checked.result.isa); !lacking.empty()) {
        std::fprintf(stderr, "zvm: %s: needs instruction-set extensions this processor lacks: %s\n",
                     program.c_str(), lacking.c_str());
        return exit_status::kCannotRun;
    }

    // 3. Reserve the sandbox's address range and prepare the trampoline's context.
    g_run_sandbox = SandboxMemory::create(&error).release();
    SandboxMemory* const memory = g_run_sandbox;
    if (memory == nullptr) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }
    trace.mark("reserve");
    Instance instance;
    instance.memory = memory;
    instance.random.reseed(options.seed);
    instance.memory_limit = prepared.memory;
    if (!setup_io(instance, std::move(prepared.fs), std::move(prepared.channels), &error)) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }
    trace.mark("io");
    instance.io.max_output = options.max_output;
    if (options.exec_mode && !open_host_cwd(&error)) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }
    if (options.exec_mode) instance.host_cwd_fd = kHostCwdFd;
    if (!init_context(&count_and_dispatch, &instance)) {
        std::fprintf(stderr, "zvm: %s: this processor's xsave layout is not supported\n",
                     program.c_str());
        return exit_status::kCannotRun;
    }

    // 4. Map the image, trampolines, thread-pointer page and initial stack.
    LoadOptions load;
    load.argv.push_back(options.exec_mode ? options.argv0 : file_name(program));
    load.argv.insert(load.argv.end(), options.args.begin(), options.args.end());
    load.envp = prepared.envp;
    const auto start = load_nexe(instance, file, checked.nexe, load, &error);
    if (!start) {
        std::fprintf(stderr, "zvm: %s: cannot load: %s\n", program.c_str(), error.c_str());
        return exit_status::kCannotRun;
    }
    trace.mark("map");

    if (memory->mapped_bytes() > prepared.memory) {
        std::fprintf(stderr,
                     "zvm: %s: the image and stack need %" PRIu64 " bytes, more than the memory "
                     "limit of %" PRIu64 "\n",
                     program.c_str(), memory->mapped_bytes(), prepared.memory);
        return exit_status::kCannotRun;
    }

    // 5. Faults of untrusted code end the instance with a report; so does the timeout.
    // Then the seccomp filters (runtime/seccomp.h): from here on, only the host calls of
    // runtime/seccomp_policy.inc. A write to a pipe or socket whose reader is gone returns
    // -EPIPE to the program (as under zvm serve) rather than killing zvm with SIGPIPE,
    // which would lose the report.
    std::signal(SIGPIPE, SIG_IGN);
    watch_image_file(prepared);
    if (!install_fault_handlers(&error) ||
        (prepared.timeout > 0 && !arm_session_timeout(prepared.timeout, &error)) ||
        !install_seccomp(&error, options.exec_mode                ? SeccompPolicy::kExec
                                 : any_network(instance.channels) ? SeccompPolicy::kNetwork
                                                                  : SeccompPolicy::kPlain)) {
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), error.c_str());
        return exit_status::kRuntimeError;
    }
    trace.mark("seccomp");
    trace.finish();

    // 6. Run until exit or fault.
    const int status = zvm_enter_sandbox(start->entry, start->stack_pointer);
    if (prepared.timeout > 0) disarm_session_timeout();
    const Fault fault = last_fault();
    if (fault.watched_file_shrank) instance.host_failure = image_shrank_error(prepared);
    report.io = instance.io;
    add_channel_facts(report, instance.channels);
    if (fault.signal != 0) {
        std::string state = fault_report(fault);
        if (fault.host_call >= 0) {
            state += strprintf(": blocked host call %d (%s)", fault.host_call,
                               host_call_name(fault.host_call).c_str());
            report.blocked_host_call = fault.host_call;
        }
        std::fprintf(stderr, "zvm: %s: %s\n", program.c_str(), state.c_str());
        report.signal = fault.signal;
        report.fault_address = fault.address;
        report.exit_state = state;
    } else if (status == exit_status::kSessionTimeout && session_timed_out()) {
        std::fprintf(stderr, "zvm: %s: session timeout\n", program.c_str());
        report.exit_state = "session timeout";
    } else if (!instance.host_failure.empty()) {
        std::fprintf(stderr, "zvm: %s: runtime error: %s\n", program.c_str(),
                     instance.host_failure.c_str());
        report.exit_state = "runtime error: " + instance.host_failure;
    } else {
        report.return_code = status;
        report.exit_state = instance.io.quota_exceeded ? "disk quota exceeded" : "ok";
    }
    return status;
}

} // namespace

int run_command(const RunOptions& options) {
    StartupTrace trace;
    int report_fd = STDERR_FILENO;
    if (options.report != ReportFormat::kNone && !options.report_file.empty()) {
        // Opened before the sandbox starts: no host file is opened after seccomp.
        report_fd =
            ::open(options.report_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (report_fd < 0) {
            std::fprintf(stderr, "zvm: cannot open the report file %s: %s\n",
                         options.report_file.c_str(), std::strerror(errno));
            return exit_status::kRuntimeError;
        }
    }
    Report report;
    report.program = options.program;
    const int status = run_instance(options, report, trace);
    if (options.report == ReportFormat::kNone) return status;
    report.status = status;
    if (report.exit_state.empty()) report.exit_state = failure_state(status, report.validator);
    measure_times(report, trace.start_ns());
    const std::string text =
        options.report == ReportFormat::kText ? format_text(report) : format_json(report);
    if (!write_all(report_fd, text))
        std::fprintf(stderr, "zvm: cannot write the report: %s\n", std::strerror(errno));
    return status;
}

} // namespace zvm::runtime
