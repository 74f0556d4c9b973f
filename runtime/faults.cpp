#include "runtime/faults.h"

#include "runtime/exit_status.h"
#include "runtime/text.h"
#include "runtime/trampoline.h"
#include "syscalls/abi.h"

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

constexpr int kFaultSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
constexpr size_t kAltStackSize = 256 * 1024; // room for an AVX-512 signal frame and more
constexpr int kSysSeccomp = 1;               // si_code of a SIGSYS raised by seccomp (SYS_SECCOMP)

// Written by the handler, read after zvm_enter_sandbox returned: one thread, and the
// handler finished (sigreturn) before, so plain variables are enough.
Fault g_fault;

// The watched file mapping (watch_file_mapping), [begin, end); set before the instance.
uintptr_t g_watched_begin = 0, g_watched_end = 0;

// Makes sigreturn resume the host at zvm_fault_exit, which ends the instance with `status`.
void resume_at_fault_exit(ucontext_t* uc, int status) {
    uc->uc_mcontext.gregs[REG_RIP] = reinterpret_cast<greg_t>(&zvm_fault_exit);
    uc->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(zvm_context.host_rsp);
    uc->uc_mcontext.gregs[REG_RDI] = status;
}

// Async-signal-safe output: write(2) of a literal and of a hex number.
void put(const char* s) {
    const ssize_t ignored = ::write(STDERR_FILENO, s, std::strlen(s));
    (void)ignored;
}
void put_hex(uint64_t v) {
    char buf[19] = "0x";
    char digits[16];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v != 0);
    int i = 2;
    while (n > 0)
        buf[i++] = digits[--n];
    buf[i] = '\0';
    put(buf);
}
void put_dec(int v) {
    char buf[12];
    int i = sizeof buf - 1;
    buf[i] = '\0';
    do {
        buf[--i] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0 && i > 0);
    put(buf + i);
}

// The handler. Sound because: it runs on the alternate stack (SA_ONSTACK), never on the
// sandbox's; it only calls async-signal-safe functions (write, abort) and writes plain
// variables; and to end a sandbox instance it does not jump out of the handler but edits
// the interrupted context, so the kernel's sigreturn restores the signal mask and the
// host resumes at zvm_fault_exit on its own stack, with its own x87/SSE state reloaded
// there.
void on_fault(int sig, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
    const uint64_t rip = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_RIP]);
    const bool blocked_call = sig == SIGSYS && info->si_code == kSysSeccomp;
    if (rip < ZVM_SANDBOX_SIZE && zvm_context.host_rsp != 0) {
        // Only validated sandbox code and the trampoline region execute below 4 GiB.
        g_fault.signal = sig;
        g_fault.address = rip;
        if (blocked_call) g_fault.host_call = info->si_syscall;
        resume_at_fault_exit(uc, exit_status::kSignalBase + sig);
        return;
    }
    const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    if (sig == SIGBUS && zvm_context.host_rsp != 0 && addr >= g_watched_begin &&
        addr < g_watched_end) {
        // A handler read the watched file past its new end. Its frames are abandoned
        // (zvm_exit_sandbox): the instance ends here, nothing else runs in it.
        g_fault.watched_file_shrank = true;
        resume_at_fault_exit(uc, exit_status::kRuntimeError);
        return;
    }
    put("zvm: internal error: signal ");
    put_dec(sig);
    put(" in the runtime at ");
    put_hex(rip);
    if (blocked_call) {
        // A host call missing from runtime/seccomp_policy.inc.
        put(" (host call ");
        put_dec(info->si_syscall);
        put(" blocked by the seccomp filter)\n");
    } else {
        put(" (fault address ");
        put_hex(reinterpret_cast<uint64_t>(info->si_addr));
        put(")\n");
    }
    abort();
}

// Set by the SIGALRM handler when the session timeout expired while an instance ran.
volatile sig_atomic_t g_timed_out = 0;

// SIGALRM of the session timeout. Sound: runs on the alternate stack (SA_ONSTACK: the
// sandbox's stack may be live) and only writes plain variables and the interrupted
// context. In sandbox code it ends the instance exactly as on_fault does (edits the
// context so that sigreturn resumes the host at zvm_fault_exit). In runtime code of a
// running instance (a handler) it only sets g_timed_out: a blocking host call there
// fails with EINTR (no SA_RESTART), and the dispatcher ends the instance when the
// handler returns (end_instance_if_timed_out). With no instance running it does nothing.
void on_timeout(int, siginfo_t*, void* context) {
    if (zvm_context.host_rsp == 0) return;
    g_timed_out = 1;
    auto* uc = static_cast<ucontext_t*>(context);
    const uint64_t rip = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_RIP]);
    if (rip < ZVM_SANDBOX_SIZE) resume_at_fault_exit(uc, exit_status::kSessionTimeout);
}

} // namespace

void watch_file_mapping(const void* begin, size_t size) {
    g_watched_begin = reinterpret_cast<uintptr_t>(begin);
    g_watched_end = g_watched_begin + size;
}

bool arm_session_timeout(double seconds, std::string* error) {
    g_timed_out = 0;
    // The SIGALRM handler is in place (install_fault_handlers): only the timer is set, a
    // host call a serving worker still may make under seccomp.
    itimerval timer{};
    const auto usec = static_cast<long long>(seconds * 1e6);
    timer.it_value.tv_sec = usec / 1000000;
    timer.it_value.tv_usec = usec % 1000000;
    if (usec <= 0) timer.it_value.tv_usec = 1;
    // Then every 10 ms until the instance ended: an expiry that lands in the runtime just
    // after a handler's last check is not lost.
    timer.it_interval.tv_usec = 10000;
    if (setitimer(ITIMER_REAL, &timer, nullptr) != 0) {
        *error = std::string("setitimer: ") + std::strerror(errno);
        return false;
    }
    return true;
}

bool install_fault_handlers(std::string* error) {
    void* stack = mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        *error = std::string("cannot allocate the signal stack: ") + std::strerror(errno);
        return false;
    }
    stack_t ss{};
    ss.ss_sp = stack;
    ss.ss_size = kAltStackSize;
    if (sigaltstack(&ss, nullptr) != 0) {
        *error = std::string("sigaltstack: ") + std::strerror(errno);
        return false;
    }
    struct sigaction sa {};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    for (int sig : kFaultSignals) {
        if (sigaction(sig, &sa, nullptr) != 0) {
            *error = std::string("sigaction: ") + std::strerror(errno);
            return false;
        }
    }
    struct sigaction alarm {};
    alarm.sa_sigaction = on_timeout;
    alarm.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&alarm.sa_mask);
    if (sigaction(SIGALRM, &alarm, nullptr) != 0) {
        *error = std::string("sigaction: ") + std::strerror(errno);
        return false;
    }
    g_fault = Fault{};
    return true;
}

void disarm_session_timeout() {
    const itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
}

bool session_timed_out() {
    return g_timed_out != 0;
}

void end_instance_if_timed_out() {
    // On the host stack, in the dispatcher: nothing above needs destruction.
    if (g_timed_out) zvm_exit_sandbox(exit_status::kSessionTimeout);
}

void clear_last_fault() {
    g_fault = Fault{};
}

Fault last_fault() {
    return g_fault;
}

std::string fault_report(const Fault& fault) {
    return strprintf("Signal %d from untrusted code: Halting at 0x%" PRIx64, fault.signal,
                     fault.address);
}

} // namespace zvm::runtime
