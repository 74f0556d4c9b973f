// The validator's throughput: MB/s of validate_code on a large valid buffer, next to
// Capstone's decode-only MB/s on the same bytes, and the ratio.
//
//   validator_bench [--mb N]                   N MB (default 64) of generated valid code
//   validator_bench --real FILE [--mb N]       valid code made from the instructions of
//                                             FILE (e.g. objcopy -O binary --only-section
//                                             =.text of a large binary), see sandboxize()
//   validator_bench FILE [--raw-base ADDR]     FILE's bytes as they are (may be invalid)
//   validator_bench --nexe FILE                the text of a nexe (e.g. the SQLite or Lua
//                                             example), at its load address, as zvm
//                                             validates it
//   (any mode: --runs N times validate_code, best and median printed; default by size,
//   5-100; Capstone runs N/10 times, at least 3, best taken)
#include "codegen.h"
#include "validator/nexe.h"
#include "validator/validator.h"

#include <capstone/capstone.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace zv = zvm::validator;

namespace {

// The figure is MB/s of CPU time of the validating thread (this one): the target is MB/s
// on one core, and the build machine is shared. Wall time also counts the time the thread
// waited for a core (a wall-clock 48 MB/s was once noted next to 110 MB/s of CPU time on
// the loaded 2-core VM); it is printed next to it for the same runs, with the load average.
double cpu_now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double wall_now() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct Timing {
    double best_cpu = 0;   // seconds, fastest run by CPU time
    double median_cpu = 0; // seconds
    double best_wall = 0;  // seconds, fastest run by wall time
};

Timing summarize(std::vector<double> cpu, std::vector<double> wall) {
    std::sort(cpu.begin(), cpu.end());
    std::sort(wall.begin(), wall.end());
    return Timing{cpu.front(), cpu[cpu.size() / 2], wall.front()};
}

// `runs` timings of validate_code over the same bytes.
Timing validator_time(const std::vector<uint8_t>& code, uint64_t base, int runs,
                      size_t* violations) {
    std::vector<double> cpu, wall;
    for (int i = 0; i < runs; ++i) {
        const double c0 = cpu_now(), w0 = wall_now();
        const zv::Result r = zv::validate_code(code, base);
        cpu.push_back(cpu_now() - c0);
        wall.push_back(wall_now() - w0);
        *violations = r.violations.size();
    }
    return summarize(cpu, wall);
}

// Capstone decode only (no detail), linear, skipping a byte on failure, over the first
// `limit` bytes, `runs` times, timed like validate_code.
Timing capstone_time(const std::vector<uint8_t>& code, uint64_t base, size_t limit, int runs) {
    csh h;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return Timing{};
    cs_option(h, CS_OPT_DETAIL, CS_OPT_OFF);
    cs_insn* insn = cs_malloc(h);
    const size_t n = std::min(limit, code.size());
    std::vector<double> cpu, wall;
    for (int i = 0; i < runs; ++i) {
        const uint8_t* p = code.data();
        size_t left = n;
        uint64_t addr = base;
        const double c0 = cpu_now(), w0 = wall_now();
        while (left > 0) {
            if (!cs_disasm_iter(h, &p, &left, &addr, insn)) {
                ++p;
                --left;
                ++addr;
            }
        }
        cpu.push_back(cpu_now() - c0);
        wall.push_back(wall_now() - w0);
    }
    cs_free(insn, 1);
    cs_close(&h);
    return summarize(cpu, wall);
}

} // namespace

int main(int argc, char** argv) {
    std::string file;
    uint64_t base = 0x20000;
    size_t mb = 64;
    bool real = false;
    bool nexe = false;
    int runs = 0; // 0: by size
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--raw-base") && i + 1 < argc)
            base = std::strtoull(argv[++i], nullptr, 0);
        else if (!std::strcmp(argv[i], "--real"))
            real = true;
        else if (!std::strcmp(argv[i], "--nexe"))
            nexe = true;
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--mb") && i + 1 < argc)
            mb = std::strtoull(argv[++i], nullptr, 0);
        else
            file = argv[i];
    }
    std::vector<uint8_t> code;
    if (!file.empty()) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "validator_bench: cannot read %s\n", file.c_str());
            return 2;
        }
        code.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (real) code = zv::bench::sandboxize(code, mb << 20);
        if (nexe) {
            const zv::NexeResult r = zv::validate_nexe(code);
            if (r.format_error) {
                std::fprintf(stderr, "validator_bench: %s: %s\n", file.c_str(),
                             r.format_error->c_str());
                return 2;
            }
            std::vector<uint8_t> text;
            for (const zv::Segment& seg : r.nexe.segments)
                if (seg.vaddr == r.nexe.text_vaddr)
                    text.assign(code.begin() + static_cast<std::ptrdiff_t>(seg.offset),
                                code.begin() +
                                    static_cast<std::ptrdiff_t>(seg.offset + seg.filesz));
            code = std::move(text);
            base = r.nexe.text_vaddr;
        }
    } else {
        code = zv::bench::generate_valid_code(mb << 20, base, 1);
    }
    size_t violations = 0;
    // Best of several runs; more for small inputs (a nexe's text is 0.1-2 MB).
    if (runs <= 0)
        runs = static_cast<int>(
            std::clamp<size_t>((size_t{256} << 20) / std::max<size_t>(code.size(), 1), 5, 100));
    const Timing ours = validator_time(code, base, runs, &violations);
    const size_t cs_bytes = std::min<size_t>(code.size(), 16 << 20);
    // Capstone is ~10x slower: fewer runs, at least 3, best taken the same way.
    const Timing cs = capstone_time(code, base, cs_bytes, std::max(3, runs / 10));
    auto mbps = [](size_t bytes, double seconds) {
        return seconds > 0 ? bytes / seconds / 1e6 : 0;
    };
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("bytes            %zu (%s)\n", code.size(),
                file.empty() ? "generated valid code"
                : real       ? ("valid code made from " + file).c_str()
                : nexe       ? ("the text of " + file).c_str()
                             : file.c_str());
    std::printf("violations       %zu\n", violations);
    std::printf("validate_code    %.1f MB/s (CPU time of the validating thread, best of %d runs; "
                "median %.1f)\n",
                mbps(code.size(), ours.best_cpu), runs, mbps(code.size(), ours.median_cpu));
    std::printf("capstone decode  %.1f MB/s (same bytes%s, no detail, CPU time, best of %d)\n",
                mbps(cs_bytes, cs.best_cpu), cs_bytes < code.size() ? ": the first 16 MB" : "",
                std::max(3, runs / 10));
    std::printf("ratio            %.1fx\n",
                cs.best_cpu > 0 ? mbps(code.size(), ours.best_cpu) / mbps(cs_bytes, cs.best_cpu)
                                : 0.0);
    std::printf("wall time        validate_code %.1f MB/s, capstone %.1f MB/s (best runs; wall "
                "time also counts waiting for a core: load average %.2f)\n",
                mbps(code.size(), ours.best_wall), mbps(cs_bytes, cs.best_wall), load[0]);
    return 0;
}
