// The runtime's second wall (docs/cli.md, "Seccomp"): once the sandbox is set up and
// just before it is entered, `zvm run` installs one seccomp filter with two parts:
//
//  1. an instruction-pointer check: every host call made from an address below
//     ZVM_RESERVE_END (the sandbox and its guard) raises SIGSYS, whatever its number.
//     Validated code cannot execute `syscall`; this catches a validator bypass.
//  2. the allow-list of runtime/seccomp_policy.inc: the host calls the runtime itself
//     makes after entry, some restricted by argument (mmap and mprotect never
//     executable, MAP_FIXED only inside the sandbox, ...). Anything else raises SIGSYS
//     too. libseccomp compiles the list to BPF at build time (zvm_seccomp_gen, from
//     runtime/seccomp_gen.cpp); zvm itself loads the result with prctl.
//
// Both use SECCOMP_RET_TRAP, not SECCOMP_RET_KILL_PROCESS: `zvm run` is a single process
// with nobody left to explain a kill, so the SIGSYS goes to the fault handler
// (runtime/faults.cpp), which ends the instance with a report naming the blocked call
// ("Signal 31 from untrusted code: Halting at 0xADDR: blocked host call 257 (openat)",
// status 159) when the call came from sandbox code, and reports an internal error and
// aborts when it came from the runtime. If SIGSYS arrives while it is blocked (inside a
// signal handler), the kernel kills the process with SIGSYS: still contained.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zvm::runtime {

// One line of the allow-list.
struct SeccompRule {
    int nr;             // host call number (x86-64)
    const char* name;   // its name
    const char* reason; // the code path that needs it
    unsigned nargs;     // conditions used in args (all must hold)
    struct Cond {
        unsigned arg;
        int op; // enum scmp_compare
        uint64_t a, b;
    } args[3];
};

// The allow-list, in the order of runtime/seccomp_policy.inc.
std::span<const SeccompRule> seccomp_policy();
// What runs with network channels add to it (runtime/channels/network_seccomp_policy.inc).
std::span<const SeccompRule> seccomp_network_policy();
// What exec mode adds to it (runtime/exec_seccomp_policy.inc).
std::span<const SeccompRule> seccomp_exec_policy();

// Which allow-list a run installs.
enum class SeccompPolicy { kPlain, kNetwork, kExec };

// Installs the filter in this process, on every thread (SECCOMP_FILTER_FLAG_TSYNC: ZeroMQ's
// threads too), irrevocably, with no_new_privs. kNetwork: the allow-list with the calls of
// network channels added (a run with one, in zvm-full); kExec: with exec mode's (zvm
// exec). Returns false and sets *error on failure.
bool install_seccomp(std::string* error, SeccompPolicy policy = SeccompPolicy::kPlain);

// "openat" for 257; the number as text when unknown.
std::string host_call_name(int nr);

} // namespace zvm::runtime
