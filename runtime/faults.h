// Faults: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP and SIGSYS, handled on an alternate
// stack. A fault of untrusted code (rip inside the sandbox) ends the instance: the
// handler records it and resumes the host at zvm_fault_exit, so zvm_enter_sandbox
// returns 128 + N. A fault anywhere else is a runtime bug: reported, then abort().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace zvm::runtime {

struct Fault {
    int signal = 0;       // 0: no fault
    uint64_t address = 0; // the sandbox address of the faulting instruction
    int host_call = -1;   // SIGSYS from seccomp (runtime/seccomp.h): the blocked call's number
    // Not a fault of the program: the runtime, reading the watched file mapping on its
    // behalf, got SIGBUS (the file shrank); the instance ended with status 125.
    bool watched_file_shrank = false;
};

// A host file mapping the runtime reads while an instance runs (the --image file, mapped,
// not copied): if the file shrinks meanwhile, a read past its new end raises SIGBUS in the
// runtime, which then ends the instance (Fault::watched_file_shrank) rather than itself.
// One range per process; call before the instance starts.
void watch_file_mapping(const void* begin, size_t size);

// Installs the handlers and the alternate stack. Returns false and sets *error on failure.
bool install_fault_handlers(std::string* error);

// Ends the running instance with exit_status::kSessionTimeout when `seconds` of real
// time have passed (SIGALRM, on the alternate stack installed by install_fault_handlers,
// which must run first): at once when the sandbox's code is running; when the runtime is
// running on its behalf (a handler, perhaps blocked in a host call, which then fails with
// EINTR), at the end of that call (end_instance_if_timed_out).
bool arm_session_timeout(double seconds, std::string* error);

// Stops the session timer (after the instance ended).
void disarm_session_timeout();

// True once the session timeout expired while an instance ran.
bool session_timed_out();

// Called by the dispatcher after every call: ends the instance if the timeout expired.
void end_instance_if_timed_out();

// The fault that ended the last instance, if any.
Fault last_fault();
// Forgets it, before a serving worker's next request (runtime/serve/worker.h).
void clear_last_fault();

// "Signal N from untrusted code: Halting at 0xADDR"
std::string fault_report(const Fault& fault);

} // namespace zvm::runtime
