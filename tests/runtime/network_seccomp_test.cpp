// The seccomp filter of runs with network channels (runtime/seccomp.h,
// runtime/channels/network_seccomp_policy.inc): what it adds, what it still blocks, that it
// covers threads that existed before it (SECCOMP_FILTER_FLAG_TSYNC: ZeroMQ's), and, end to
// end through the test-only driver network_unsafe_run, that a raw `syscall` of untrusted
// code is stopped while ZeroMQ's threads run, and that its reader still sees the end of
// stream.
#include "runtime/seccomp.h"
#include "tests/runtime/report_test_util.h"
#include "tests/runtime/sandbox_test_util.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <future>
#include <netinet/in.h>
#include <pthread.h>
#include <set>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

// Runs `body` in a child under the filter (`network`: with the network calls). Returns the
// exit status, or 1000 + N if the child died of signal N. `before` runs before the filter.
int in_filtered_child(
    bool network, const std::function<int()>& body, const std::function<void()>& before = [] {}) {
    const pid_t pid = fork();
    if (pid == 0) {
        const rlimit no_core{0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        before();
        std::string error;
        if (!runtime::install_seccomp(&error, network ? runtime::SeccompPolicy::kNetwork
                                                      : runtime::SeccompPolicy::kPlain))
            _exit(100);
        _exit(body());
    }
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 1000 + WTERMSIG(wstatus);
}

constexpr int kKilledBySigsys = 1000 + SIGSYS;

TEST(NetworkSeccompPolicy, EveryRuleHasAReasonAndNoneOpensTheHost) {
    std::set<std::string> names;
    for (const auto& rule : runtime::seccomp_network_policy()) {
        EXPECT_GT(std::strlen(rule.reason), 10u) << rule.name;
        EXPECT_EQ(runtime::host_call_name(rule.nr), rule.name);
        names.insert(rule.name);
    }
    EXPECT_EQ(names.count("socket"), 1u);
    for (const char* banned : {"open", "openat", "execve", "execveat", "fork", "vfork", "clone",
                               "clone3", "ptrace", "seccomp", "kill", "mount", "chdir", "unlink",
                               "rt_sigaction", "bind", "listen", "sendmsg", "ioctl"})
        EXPECT_EQ(names.count(banned), 0u) << banned;
}

// A loopback TCP port with nobody listening.
int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

TEST(NetworkSeccompPolicy, StreamSocketsOnlyAndOnlyInNetworkRuns) {
    ZVM_SKIP_UNDER_ASAN();
    const int port = closed_port();
    const auto tcp_connect = [port] {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return 1;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int rc = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        return rc == -1 && errno == ECONNREFUSED ? 0 : 2;
    };
    EXPECT_EQ(in_filtered_child(true, tcp_connect), 0);
    EXPECT_EQ(in_filtered_child(false, tcp_connect), kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true, [] { return socket(AF_UNIX, SOCK_STREAM, 0) >= 0 ? 0 : 1; }),
              0);
    // Datagrams, raw and netlink sockets, listening, sending to an address: never.
    EXPECT_EQ(in_filtered_child(true, [] { return socket(AF_INET, SOCK_DGRAM, 0); }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true, [] { return socket(AF_INET, SOCK_RAW, IPPROTO_TCP); }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true, [] { return socket(AF_NETLINK, SOCK_STREAM, 0); }),
              kKilledBySigsys);
    int fds[2] = {-1, -1};
    EXPECT_EQ(in_filtered_child(
                  true,
                  [&fds] {
                      sockaddr_in a{};
                      a.sin_family = AF_INET;
                      return static_cast<int>(
                          sendto(fds[0], "x", 1, 0, reinterpret_cast<sockaddr*>(&a), sizeof a));
                  },
                  [&fds] { socketpair(AF_UNIX, SOCK_STREAM, 0, fds); }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true,
                                [] {
                                    const int fd = socket(AF_INET, SOCK_STREAM, 0);
                                    sockaddr_in a{};
                                    a.sin_family = AF_INET;
                                    return bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
                                }),
              kKilledBySigsys);
}

TEST(NetworkSeccompPolicy, TheHostStaysClosed) {
    ZVM_SKIP_UNDER_ASAN();
    EXPECT_EQ(in_filtered_child(true,
                                [] {
                                    return static_cast<int>(
                                        syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY));
                                }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true,
                                [] {
                                    char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
                                    return static_cast<int>(
                                        syscall(SYS_execve, "/bin/true", argv, nullptr));
                                }),
              kKilledBySigsys);
    // prctl only names a thread: the filter stays final.
    EXPECT_EQ(in_filtered_child(true, [] { return prctl(PR_SET_NAME, "x", 0, 0, 0); }), 0);
    EXPECT_EQ(in_filtered_child(true, [] { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }),
              kKilledBySigsys);
    EXPECT_EQ(in_filtered_child(true, [] { return static_cast<int>(syscall(SYS_clone3, 0, 0)); }),
              kKilledBySigsys);
}

// A thread started before the filter, which calls openat once told to.
struct LateThread {
    int go[2] = {-1, -1};
    pthread_t thread{};
    void start() {
        if (pipe(go) != 0) _exit(101);
        pthread_create(
            &thread, nullptr,
            [](void* arg) -> void* {
                auto* self = static_cast<LateThread*>(arg);
                char c;
                if (read(self->go[0], &c, 1) != 1) _exit(102);
                syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
                return nullptr;
            },
            this);
    }
    int run() {
        if (write(go[1], "g", 1) != 1) return 103;
        pthread_join(thread, nullptr);
        return 0; // the thread's openat was not stopped
    }
};

TEST(NetworkSeccompPolicy, ThreadsStartedBeforeTheFilterAreFilteredToo) {
    ZVM_SKIP_UNDER_ASAN();
    for (const bool network : {false, true}) {
        LateThread t;
        EXPECT_EQ(in_filtered_child(
                      network, [&t] { return t.run(); }, [&t] { t.start(); }),
                  kKilledBySigsys)
            << (network ? "network" : "plain");
    }
}

// --- end to end: network_unsafe_run (zvm-full's run without the validator's verdict) ---

std::string ipc_path(const std::string& name) {
    return (std::filesystem::path(::testing::TempDir()) /
            ("zvm_nsec_" + std::to_string(getpid()) + "_" + name))
        .string();
}

ReportRun unsafe_run(const std::string& program, const std::vector<std::string>& options) {
    std::vector<std::string> argv = {NETWORK_UNSAFE_RUN, test_nexe(program)};
    argv.insert(argv.end(), options.begin(), options.end());
    ReportRun run;
    run.result = run_command(argv);
    const std::string& err = run.result.err;
    const size_t end = err.empty() ? 0 : err.size() - 1;
    const size_t start = err.rfind('\n', end == 0 ? 0 : end - 1);
    const size_t line = start == std::string::npos ? 0 : start + 1;
    run.report = nlohmann::json::parse(err.substr(line), nullptr, false);
    if (run.report.is_discarded()) run.report = nullptr;
    run.err_before_report = err.substr(0, line);
    return run;
}

TEST(NetworkSeccomp, ARawHostCallIsStoppedWhileZeroMqRuns) {
    // The writer's reader (a plain zvm run reading the channel as stdin) sees the end of
    // stream the faulting writer still sends.
    const std::string uri = "ipc://" + ipc_path("fault");
    auto reader = std::async(std::launch::async, [&] {
        return run_command({ZVM_BINARY, "run", "--timeout", "20", "--channel",
                            uri + ",/dev/stdin,0,0,100,100000,0,0",
                            std::string(ZVM_TEST_C_PROGRAMS) + "/channels.nexe", "--", "echo"});
    });
    const ReportRun run = unsafe_run(
        "seccomp_openat", {"--timeout", "20", "--channel", uri + ",/dev/stdout,0,0,0,0,10,100"});
    EXPECT_EQ(run.result.exit_status, 128 + SIGSYS) << run.result.err;
    ASSERT_TRUE(run.report.is_object()) << run.result.err; // zvm reported: not killed
    EXPECT_EQ(run.report["validator"], 2);
    EXPECT_EQ(run.report["blocked_host_call"], SYS_openat);
    const std::string state = run.report["exit_state"];
    EXPECT_NE(state.find("Signal 31 from untrusted code: Halting at 0x"), std::string::npos)
        << state;
    EXPECT_NE(state.find(": blocked host call 257 (openat)"), std::string::npos) << state;
    const CommandResult r = reader.get();
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    // The endpoint's socket file stays behind when the side that bound it is killed.
    std::filesystem::remove(ipc_path("fault"));
}

TEST(NetworkSeccomp, AnAllowedCallOfUntrustedCodeIsStoppedToo) {
    // write is on the allow-list; from sandbox code it traps all the same (the
    // instruction-pointer check), with ZeroMQ's threads connecting meanwhile.
    const ReportRun run =
        unsafe_run("seccomp_write", {"--timeout", "1", "--channel",
                                     "tcp://127.0.0.1:" + std::to_string(closed_port()) +
                                         ",/dev/out,0,0,0,0,10,100"});
    EXPECT_EQ(run.result.exit_status, 128 + SIGSYS) << run.result.err;
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["blocked_host_call"], SYS_write);
}

} // namespace
} // namespace zvm::test
