// bench/overhead: the same real programs (Lua, SQLite, workloads/malloc_free.c) built
// natively (musl-gcc -static -O2) and with zcc -O2 run under `zvm run`, in the same run,
// interleaved (native, sandbox, native, sandbox, ...). Prints, per workload, the median CPU
// time (user + system of the child, which the other load on a shared machine disturbs less
// than wall time) and wall time of each side, their ratios, and the geometric mean of the
// CPU ratios of the compute workloads (Lua, SQLite: the target of at most 1.05).
// malloc_free is printed but not in the mean: it measures page reuse, where the sandbox's
// stale pages (docs/design.md) make it many times cheaper than native, which would hide
// the compute overhead.
//
//   overhead_bench [ROUNDS]      (default 5)
//
// Exit status 1 if a run fails or a workload's sandboxed output differs from native's
// (ctest runs one round: overhead_bench_short).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Workload {
    const char* name;
    std::vector<std::string> native; // argv
    std::vector<std::string> sandbox;
    std::string input;   // a file given as standard input
    bool in_mean = true; // counted in the geometric mean
};

struct Sample {
    double cpu = 0; // seconds
    double wall = 0;
};

// Runs argv with stdin from `input`, stdout to `output` (a file, created), stderr to
// /dev/null; returns its times.
Sample runOnce(const std::vector<std::string>& argv, const std::string& input,
               const std::string& output = "/dev/null") {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid < 0) std::exit(2);
    if (pid == 0) {
        int in = open(input.c_str(), O_RDONLY);
        int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_WRONLY);
        if (in < 0 || out < 0 || null < 0) _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(null, 2);
        std::vector<char*> args;
        for (const std::string& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "overhead_bench: %s failed (status %d)\n", argv[0].c_str(), status);
        std::exit(1);
    }
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    Sample s;
    s.cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    s.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return s;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    const std::string zvm = ZVM_BINARY;
    const std::vector<Workload> workloads = {
        {"lua", {LUA_NATIVE, "-"}, {zvm, "run", LUA_NEXE, "--", "-"}, WORKLOAD_DIR "/lua.lua"},
        {"sqlite",
         {SQLITE_NATIVE, "-batch"},
         {zvm, "run", SQLITE_NEXE, "--", "-batch"},
         WORKLOAD_DIR "/sqlite.sql"},
        {"malloc",
         {MALLOC_FREE_NATIVE, "2000"},
         {zvm, "run", MALLOC_FREE_NEXE, "--", "2000"},
         "/dev/null",
         false},
    };
    std::printf("%-8s %12s %12s %8s %12s %12s %8s\n", "workload", "native cpu", "zvm cpu", "ratio",
                "native wall", "zvm wall", "ratio");
    double logSum = 0;
    int inMean = 0;
    for (const Workload& w : workloads) {
        // Warm the page cache and the validation cache; both sides must print the same.
        const std::string out = "/tmp/overhead_bench-" + std::to_string(getpid());
        runOnce(w.native, w.input, out + ".native");
        runOnce(w.sandbox, w.input, out + ".zvm");
        const bool same = readFile(out + ".native") == readFile(out + ".zvm");
        std::remove((out + ".native").c_str());
        std::remove((out + ".zvm").c_str());
        if (!same) {
            std::fprintf(stderr, "overhead_bench: %s: the sandboxed output differs from native\n",
                         w.name);
            return 1;
        }
        std::vector<double> nc, sc, nw, sw;
        for (int r = 0; r < rounds; ++r) {
            Sample n = runOnce(w.native, w.input);
            Sample s = runOnce(w.sandbox, w.input);
            nc.push_back(n.cpu), nw.push_back(n.wall), sc.push_back(s.cpu), sw.push_back(s.wall);
        }
        double ratio = median(sc) / median(nc);
        if (w.in_mean) {
            logSum += std::log(ratio);
            ++inMean;
        }
        std::printf("%-8s %11.3fs %11.3fs %8.3f %11.3fs %11.3fs %8.3f\n", w.name, median(nc),
                    median(sc), ratio, median(nw), median(sw), median(sw) / median(nw));
    }
    std::printf("geometric mean of the cpu ratios of lua and sqlite: %.3f (target at most 1.05; "
                "malloc not counted)\n",
                std::exp(logSum / static_cast<double>(inMean)));
    return 0;
}
