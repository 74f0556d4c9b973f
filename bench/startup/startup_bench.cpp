// Start-up benchmark (issue 5, item 11): wall time from spawn to exit of
//   zvm run hello.nexe          (read, validate, reserve, map, seccomp, run, exit)
//   hello_native                (the same hello.c, musl-gcc -static, a plain process)
// measured the same way (posix_spawn + waitpid, stdout to /dev/null), interleaved so that
// both see the same machine state. Prints mean and median microseconds and the ratio,
// then where zvm's time goes (ZVM_TRACE_STARTUP=1 phase timings, averaged).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <map>
#include <numeric>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

// The child's CPU time (user + system) of the last time_run, in microseconds: unlike the
// wall time it does not count waiting for a CPU, so it stays meaningful on a busy machine.
double g_last_cpu_us = 0;

// Spawns argv with stdout to /dev/null and stderr to `err_fd`; returns the microseconds
// until it was reaped, or -1 if it did not exit 0 (hello exits with argc - 1 = 0).
double time_run(const std::vector<std::string>& argv, int err_fd, char** envp) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid;
    const uint64_t start = now_ns();
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        std::fprintf(stderr, "posix_spawn %s: %s\n", args[0], std::strerror(rc));
        std::exit(1);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    const uint64_t end = now_ns();
    g_last_cpu_us = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
                    static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return static_cast<double>(end - start) / 1e3;
}

struct Stats {
    double mean, median, min;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    const size_t n = v.size();
    const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return {mean, median, v.front()};
}

std::string slurp_fd(int fd) {
    std::string s;
    lseek(fd, 0, SEEK_SET);
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        s.append(buf, static_cast<size_t>(n));
    return s;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s ZVM HELLO.nexe HELLO_NATIVE [RUNS]\n", argv[0]);
        return 2;
    }
    const std::string zvm = argv[1], nexe = argv[2], native = argv[3];
    const int runs = argc > 4 ? std::atoi(argv[4]) : 200;
    const int null_fd = open("/dev/null", O_WRONLY);
    const std::vector<std::string> zvm_cmd = {zvm, "run", nexe};
    const std::vector<std::string> native_cmd = {native};

    // Warm-up: page cache, validation cache (if zvm keeps one), CPU frequency.
    for (int i = 0; i < 10; ++i) {
        if (time_run(zvm_cmd, null_fd, environ) < 0 || time_run(native_cmd, null_fd, environ) < 0) {
            std::fprintf(stderr, "a warm-up run failed (zvm run %s, or %s)\n", nexe.c_str(),
                         native.c_str());
            return 1;
        }
    }
    std::vector<double> z, n, zc, nc;
    for (int i = 0; i < runs; ++i) {
        z.push_back(time_run(zvm_cmd, null_fd, environ));
        zc.push_back(g_last_cpu_us);
        n.push_back(time_run(native_cmd, null_fd, environ));
        nc.push_back(g_last_cpu_us);
    }
    const Stats zs = stats(z), ns = stats(n), zcs = stats(zc), ncs = stats(nc);
    std::printf("start-up, spawn to exit, %d interleaved runs each (microseconds)\n", runs);
    std::printf("  wall time:\n");
    std::printf("    %-28s mean %8.1f  median %8.1f  min %8.1f\n", "zvm run hello.nexe", zs.mean,
                zs.median, zs.min);
    std::printf("    %-28s mean %8.1f  median %8.1f  min %8.1f\n", "native musl -static hello",
                ns.mean, ns.median, ns.min);
    std::printf("    ratio zvm / native: mean %.2f  median %.2f  min %.2f  (target: at most 2)\n",
                zs.mean / ns.mean, zs.median / ns.median, zs.min / ns.min);
    std::printf("  the child's CPU time (user + system; robust when the machine is busy):\n");
    std::printf("    %-28s mean %8.1f  median %8.1f\n", "zvm run hello.nexe", zcs.mean, zcs.median);
    std::printf("    %-28s mean %8.1f  median %8.1f\n", "native musl -static hello", ncs.mean,
                ncs.median);
    std::printf("    ratio zvm / native: mean %.2f  median %.2f\n", zcs.mean / ncs.mean,
                zcs.median / ncs.median);

    // Where zvm's time goes: the phases it reports with ZVM_TRACE_STARTUP=1.
    std::vector<std::string> env_strings = {"ZVM_TRACE_STARTUP=1"};
    for (char** e = environ; *e != nullptr; ++e)
        if (std::strncmp(*e, "ZVM_TRACE_STARTUP=", 18) != 0) env_strings.push_back(*e);
    std::vector<char*> envp;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    char path[] = "/tmp/zvm_startup_trace_XXXXXX";
    const int trace_fd = mkstemp(path);
    unlink(path);
    const int trace_runs = std::min(runs, 50);
    std::vector<double> traced;
    for (int i = 0; i < trace_runs; ++i)
        traced.push_back(time_run(zvm_cmd, trace_fd, envp.data()));
    std::map<std::string, double> sums;
    std::vector<std::string> order;
    std::istringstream lines(slurp_fd(trace_fd));
    int lines_seen = 0;
    for (std::string line; std::getline(lines, line);) {
        const std::string prefix = "zvm: startup (us):";
        if (line.rfind(prefix, 0) != 0) continue;
        ++lines_seen;
        std::istringstream fields(line.substr(prefix.size()));
        std::string name;
        double us;
        while (fields >> name >> us) {
            if (!sums.count(name)) order.push_back(name);
            sums[name] += us;
        }
    }
    if (lines_seen == 0) return 0;
    std::printf("zvm's phases, mean of %d traced runs (us; 'total' = main() to the first sandbox "
                "instruction):\n ",
                lines_seen);
    for (const auto& name : order)
        std::printf(" %s %.1f", name.c_str(), sums[name] / lines_seen);
    const double traced_mean = stats(traced).mean;
    std::printf("\n  the rest of the %.1f us (exec, dynamic linking, C++ start-up before main(), "
                "the program, exit): %.1f\n",
                traced_mean, traced_mean - sums["total"] / lines_seen);
    return 0;
}
