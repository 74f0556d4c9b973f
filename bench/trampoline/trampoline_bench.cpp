// ns per null call through the trampoline (sandbox getppid, answered by the runtime)
// against a native getppid system call, measured in the same run. Prints both and the
// ratio. Usage: trampoline_bench NULL_CALLS.nexe
#include "runtime/faults.h"
#include "runtime/instance.h"
#include "runtime/loader.h"
#include "runtime/trampoline.h"
#include "syscalls/dispatch.h"
#include "validator/nexe.h"

#include <chrono>
#include <cstdio>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr uint64_t kSandboxCalls = 1 << 21; // as in null_calls.S
constexpr uint64_t kNativeCalls = 1 << 20;

double now_ns() {
    return std::chrono::duration<double, std::nano>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

int main(int argc, char** argv) {
    using namespace zvm::runtime;
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s NULL_CALLS.nexe\n", argv[0]);
        return 2;
    }
    std::string error;
    const auto file = read_file(argv[1], &error);
    if (!file) {
        std::fprintf(stderr, "cannot read %s: %s\n", argv[1], error.c_str());
        return 1;
    }
    const auto checked = zvm::validator::validate_nexe(*file);
    if (!checked.valid()) {
        std::fprintf(stderr, "%s is not a valid nexe\n", argv[1]);
        return 1;
    }
    auto memory = SandboxMemory::create(&error);
    Instance instance;
    instance.memory = memory.get();
    LoadOptions load;
    load.argv = {"null_calls"};
    if (!memory || !init_context(&zvm::syscalls::dispatch_from_context, &instance) ||
        !install_fault_handlers(&error)) {
        std::fprintf(stderr, "setup failed: %s\n", error.c_str());
        return 1;
    }
    const auto start = load_nexe(instance, *file, checked.nexe, load, &error);
    if (!start) {
        std::fprintf(stderr, "load failed: %s\n", error.c_str());
        return 1;
    }

    const double t0 = now_ns();
    const int status = zvm_enter_sandbox(start->entry, start->stack_pointer);
    const double t1 = now_ns();
    if (status != 0) {
        std::fprintf(stderr, "the sandbox ended with status %d\n", status);
        return 1;
    }
    for (uint64_t i = 0; i < kNativeCalls; ++i)
        syscall(SYS_getppid);
    const double t2 = now_ns();

    const double sandbox_ns = (t1 - t0) / kSandboxCalls;
    const double native_ns = (t2 - t1) / kNativeCalls;
    std::printf("trampoline null call (sandbox getppid): %.1f ns\n", sandbox_ns);
    std::printf("native getppid system call:             %.1f ns\n", native_ns);
    std::printf("ratio trampoline / native:              %.3f\n", sandbox_ns / native_ns);
    return 0;
}
