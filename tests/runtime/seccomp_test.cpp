// The seccomp filters (runtime/seccomp.h, runtime/seccomp_policy.inc).
//
// Unit tests: a forked child installs the filters and tries one host call; a blocked call
// raises SIGSYS, which (no handler installed in the child) kills it with SIGSYS.
// End-to-end: zvm-unsafe-novalidate --skip-validation-for-tests runs nexes that execute a
// raw `syscall`, which the validator would reject; the filter must stop each one and the
// report must say so. The normal zvm has no such option.
#include "runtime/channels/cwd_file.h"
#include "runtime/seccomp.h"
#include "syscalls/abi.h"
#include "tests/runtime/report_test_util.h"
#include "tests/runtime/sandbox_test_util.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <set>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

// Runs `body` in a child under the filters. Returns the exit status, or 1000 + N if
// the child died of signal N.
int in_filtered_child(
    const std::function<int()>& body,
    runtime::SeccompPolicy policy = runtime::SeccompPolicy::kPlain,
    const std::function<void()>& before = [] {}) {
    const pid_t pid = fork();
    if (pid == 0) {
        const rlimit no_core{0, 0};
        setrlimit(RLIMIT_CORE, &no_core); // a SIGSYS death would dump core otherwise
        before();
        std::string error;
        if (!runtime::install_seccomp(&error, policy)) _exit(100);
        _exit(body());
    }
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 1000 + WTERMSIG(wstatus);
}

constexpr int kKilledBySigsys = 1000 + SIGSYS;

TEST(SeccompPolicy, EveryRuleHasAReasonAndKnownCall) {
    std::set<std::string> names;
    for (const auto& rule : runtime::seccomp_policy()) {
        EXPECT_GT(std::strlen(rule.reason), 10u) << rule.name;
        EXPECT_EQ(runtime::host_call_name(rule.nr), rule.name);
        EXPECT_LE(rule.nargs, 3u);
        names.insert(rule.name);
    }
    // Never on the list: what would let the runtime (or a bypass) reach the host.
    for (const char* banned :
         {"open", "openat", "execve", "execveat", "fork", "vfork", "clone", "socket", "connect",
          "ptrace", "prctl", "seccomp", "kill", "mount", "chdir", "unlink", "rt_sigaction"})
        EXPECT_EQ(names.count(banned), 0u) << banned;
}

// Exec mode's addition (runtime/exec_seccomp_policy.inc): openat only at kHostCwdFd and
// only with the flags open_cwd_file always sets, never O_DIRECTORY or O_PATH.
TEST(SeccompPolicy, ExecModeAddsOnlyOpenatAtTheWorkingDirectory) {
    ZVM_SKIP_UNDER_ASAN();
    const auto exec = runtime::SeccompPolicy::kExec;
    const int kAlways = O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    // A scratch directory as the working directory; whatever the call answers (a file, or
    // an error such as ENOENT), the filter let it through unless the child died of SIGSYS.
    const std::string dir = ::testing::TempDir() + "zvm_seccomp_exec_" + std::to_string(getpid());
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    const auto place_cwd = [&dir] {
        const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || dup2(fd, runtime::kHostCwdFd) < 0) _exit(101);
    };
    const auto open_at = [](int dirfd, int flags) {
        return [dirfd, flags] {
            syscall(SYS_openat, dirfd, "zvm-seccomp-file", flags, 0600);
            return 0;
        };
    };
    EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd, O_RDONLY | kAlways), exec, place_cwd),
              0);
    EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd,
                                        O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | kAlways),
                                exec, place_cwd),
              0);
    EXPECT_EQ(in_filtered_child(open_at(AT_FDCWD, O_RDONLY | kAlways), exec, place_cwd),
              kKilledBySigsys);
    EXPECT_EQ(
        in_filtered_child(open_at(runtime::kHostCwdFd + 1, O_RDONLY | kAlways), exec, place_cwd),
        kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd, O_RDONLY | (kAlways & ~O_NOFOLLOW)),
                                exec, place_cwd),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd, O_RDONLY | (kAlways & ~O_CLOEXEC)),
                                exec, place_cwd),
              kKilledBySigsys);
    for (const int bad : {O_DIRECTORY, O_PATH, O_TMPFILE})
        EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd, O_RDWR | bad | kAlways), exec,
                                    place_cwd),
                  kKilledBySigsys)
            << bad;
    // Not in the other modes.
    EXPECT_EQ(in_filtered_child(open_at(runtime::kHostCwdFd, O_RDONLY | kAlways),
                                runtime::SeccompPolicy::kPlain, place_cwd),
              kKilledBySigsys);
    // And nothing else: the exec list is the plain one plus openat.
    EXPECT_EQ(runtime::seccomp_exec_policy().size(), 1u);
    EXPECT_STREQ(runtime::seccomp_exec_policy()[0].name, "openat");
    unlink((dir + "/zvm-seccomp-file").c_str());
    rmdir(dir.c_str());
}

TEST(SeccompPolicy, AllowedCallsWork) {
    ZVM_SKIP_UNDER_ASAN();
    EXPECT_EQ(in_filtered_child([] {
                  if (write(STDERR_FILENO, "", 0) != 0) return 1;
                  void* p = mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                  if (p == MAP_FAILED) return 2;
                  if (munmap(p, 1 << 20) != 0) return 3;
                  rusage ru;
                  if (getrusage(RUSAGE_SELF, &ru) != 0) return 4;
                  void* big = malloc(64 << 20); // mmap'd by malloc, then munmap'd
                  if (big == nullptr) return 5;
                  free(big);
                  return 0;
              }),
              0);
}

TEST(SeccompPolicy, OpenatIsBlocked) {
    ZVM_SKIP_UNDER_ASAN();
    EXPECT_EQ(in_filtered_child([] {
                  return static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY));
              }),
              kKilledBySigsys);
}

TEST(SeccompPolicy, ExecveIsBlocked) {
    ZVM_SKIP_UNDER_ASAN();
    EXPECT_EQ(in_filtered_child([] {
                  char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
                  return static_cast<int>(syscall(SYS_execve, "/bin/true", argv, nullptr));
              }),
              kKilledBySigsys);
}

TEST(SeccompPolicy, SocketAndForkAreBlocked) {
    ZVM_SKIP_UNDER_ASAN();
    EXPECT_EQ(in_filtered_child(
                  [] { return static_cast<int>(syscall(SYS_socket, 2 /* AF_INET */, 1, 0)); }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child([] { return static_cast<int>(syscall(SYS_fork)); }),
              kKilledBySigsys);
}

TEST(SeccompPolicy, ExecutableMemoryIsBlocked) {
    ZVM_SKIP_UNDER_ASAN();
    // mmap with PROT_EXEC, anywhere.
    EXPECT_EQ(in_filtered_child([] {
                  void* p = mmap(nullptr, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                                 -1, 0);
                  return p == MAP_FAILED ? 1 : 0;
              }),
              kKilledBySigsys);
    // mprotect with PROT_EXEC of a sandbox-range address.
    EXPECT_EQ(in_filtered_child([] {
                  return mprotect(reinterpret_cast<void*>(0x40000000), 4096, PROT_READ | PROT_EXEC);
              }),
              kKilledBySigsys);
}

TEST(SeccompPolicy, MemoryCallsAreConfinedToTheirRanges) {
    ZVM_SKIP_UNDER_ASAN();
    // MAP_FIXED above the reservation: the runtime never does this after entry.
    EXPECT_EQ(in_filtered_child([] {
                  void* p = mmap(reinterpret_cast<void*>(0x500000000000), 4096, PROT_READ,
                                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                  return p == MAP_FAILED ? 1 : 0;
              }),
              kKilledBySigsys);
    // mprotect of host memory (above the sandbox), even without PROT_EXEC.
    EXPECT_EQ(in_filtered_child([] {
                  static char page[4096] __attribute__((aligned(4096)));
                  return mprotect(page, sizeof page, PROT_READ);
              }),
              kKilledBySigsys);
    // munmap inside the sandbox range (SandboxMemory::unmap maps PROT_NONE instead).
    EXPECT_EQ(in_filtered_child([] { return munmap(reinterpret_cast<void*>(0x40000000), 4096); }),
              kKilledBySigsys);
    // Only SIGABRT may be sent, and only to ourselves through abort().
    EXPECT_EQ(in_filtered_child([] {
                  return static_cast<int>(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1));
              }),
              kKilledBySigsys);
}

TEST(SeccompPolicy, AnyCallFromASandboxAddressIsBlocked) {
    ZVM_SKIP_UNDER_ASAN();
    // `syscall; ret` on a page below 4 GiB, called with write's number (write is on the
    // allow-list): the instruction-pointer filter traps it anyway. The same call from
    // host code is allowed (checked first, in the same child).
    const int status = in_filtered_child([] {
        if (syscall(SYS_write, -1, nullptr, 0) != -1 || errno != EBADF) return 1;
        return 0;
    });
    ASSERT_EQ(status, 0);
    void* page = mmap(reinterpret_cast<void*>(0x30000000), 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ASSERT_NE(page, MAP_FAILED) << std::strerror(errno);
    const unsigned char code[] = {0x0F, 0x05, 0xC3}; // syscall; ret
    std::memcpy(page, code, sizeof code);
    ASSERT_EQ(mprotect(page, 4096, PROT_READ | PROT_EXEC), 0);
    EXPECT_EQ(in_filtered_child([page] {
                  long rax = SYS_write;
                  // Calls the three bytes above: write(-1, 0, 0) from address 0x30000002.
                  // Sound: the page holds exactly `syscall; ret`, is executable, and the
                  // call clobbers only what is listed (the syscall's rcx and r11).
                  asm volatile("call *%[fn]"
                               : "+a"(rax)
                               : [fn] "r"(page), "D"(-1L), "S"(0L), "d"(0L)
                               : "rcx", "r11", "memory");
                  return 0;
              }),
              kKilledBySigsys);
    munmap(page, 4096);
}

// --- end to end, through zvm-unsafe-novalidate ---

struct BlockedCase {
    const char* program;
    int nr;
    const char* name;
};

class SeccompBlocks : public ::testing::TestWithParam<BlockedCase> {};

TEST_P(SeccompBlocks, RawHostCallEndsTheInstanceWithAReport) {
    const BlockedCase c = GetParam();
    const ReportRun run =
        run_with_report(c.program, {"--skip-validation-for-tests"}, "", ZVM_UNSAFE_BINARY);
    EXPECT_EQ(run.result.exit_status, 128 + SIGSYS) << run.result.err;
    EXPECT_EQ(run.result.out, "");
    ASSERT_TRUE(run.report.is_object()) << run.result.err; // zvm reported: not killed
    EXPECT_EQ(run.report["validator"], 2);                 // verdict not applied
    EXPECT_EQ(run.report["signal"], SIGSYS);
    EXPECT_EQ(run.report["blocked_host_call"], c.nr);
    const std::string state = run.report["exit_state"];
    EXPECT_EQ(state.rfind("Signal 31 from untrusted code: Halting at 0x200", 0), 0u) << state;
    const std::string tail =
        ": blocked host call " + std::to_string(c.nr) + " (" + std::string(c.name) + ")";
    EXPECT_EQ(state.substr(state.size() - tail.size()), tail) << state;
    EXPECT_NE(run.err_before_report.find(state), std::string::npos) << run.result.err;
}

INSTANTIATE_TEST_SUITE_P(Seccomp, SeccompBlocks,
                         ::testing::Values(BlockedCase{"seccomp_openat", SYS_openat, "openat"},
                                           BlockedCase{"seccomp_execve", SYS_execve, "execve"},
                                           BlockedCase{"seccomp_write", SYS_write, "write"}),
                         [](const auto& info) { return std::string(info.param.program); });

TEST(Seccomp, NormalRunIsUnaffected) {
    for (const char* zvm : {ZVM_BINARY, ZVM_UNSAFE_BINARY}) {
        const ReportRun run = run_with_report("report_io", {}, "abc", zvm);
        EXPECT_EQ(run.result.exit_status, 7) << zvm << "\n" << run.result.err;
        EXPECT_EQ(run.result.out, "abcde");
        ASSERT_TRUE(run.report.is_object());
        EXPECT_EQ(run.report["exit_state"], "ok");
        EXPECT_EQ(run.report["validator"], 0);
    }
    const ReportRun skipped =
        run_with_report("hello", {"--skip-validation-for-tests"}, "", ZVM_UNSAFE_BINARY);
    EXPECT_EQ(skipped.result.exit_status, 0);
    EXPECT_EQ(skipped.result.out, "hello, sandbox\n");
}

TEST(Seccomp, WithoutTheFlagTheUnsafeBuildStillValidates) {
    const ReportRun run = run_with_report("seccomp_openat", {}, "", ZVM_UNSAFE_BINARY);
    EXPECT_EQ(run.result.exit_status, 126);
    EXPECT_NE(run.result.err.find("R2-forbidden"), std::string::npos) << run.result.err;
}

TEST(Seccomp, NormalZvmHasNoSkipValidationOption) {
    const CommandResult r = run_command(
        {ZVM_BINARY, "run", "--skip-validation-for-tests", test_nexe("seccomp_openat")});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace zvm::test
