// Faults: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP and SIGSYS, handled on an alternate
// stack. A fault of untrusted code (rip inside the sandbox) ends the instance: the
// handler records it and resumes the host at zvm_fault_exit, so zvm_enter_sandbox
// returns 128 + N. A fault anywhere else is a runtime bug: reported, then abort().
#pragma once

#include <cstdint>
#include <string>

namespace zvm::runtime {

struct Fault {
    int signal = 0;       // 0: no fault
    uint64_t address = 0; // the sandbox address of the faulting instruction
};

// Installs the handlers and the alternate stack. Returns false and sets *error on failure.
bool install_fault_handlers(std::string* error);

// Ends the process with exit_status::kSessionTimeout and "zvm: PROGRAM: session timeout"
// on stderr when `seconds` of real time have passed (SIGALRM, on the alternate stack
// installed by install_fault_handlers, which must run first).
bool arm_session_timeout(double seconds, const std::string& program, std::string* error);

// The fault that ended the last instance, if any.
Fault last_fault();

// "Signal N from untrusted code: Halting at 0xADDR"
std::string fault_report(const Fault& fault);

} // namespace zvm::runtime
