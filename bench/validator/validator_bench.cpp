// The validator's throughput: MB/s of validate_code on a large valid buffer, next to
// Capstone's decode-only MB/s on the same bytes, and the ratio.
//
//   validator_bench [--mb N]                   N MB (default 64) of generated valid code
//   validator_bench --real FILE [--mb N]       valid code made from the instructions of
//                                             FILE (e.g. objcopy -O binary --only-section
//                                             =.text of a large binary), see sandboxize()
//   validator_bench FILE [--raw-base ADDR]     FILE's bytes as they are (may be invalid)
//   (any mode: --runs N times validate_code, best taken; default by size, 5-100)
//   validator_bench --nexe FILE                the text of a nexe (e.g. the SQLite or Lua
//                                             example), at its load address, as zvm
//                                             validates it
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

// CPU time of this thread: the machine may be shared, and the target is MB/s on one core.
double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Best of `runs` timings of validate_code, in MB/s.
double validator_mbps(const std::vector<uint8_t>& code, uint64_t base, int runs,
                      size_t* violations) {
    double best = 1e100;
    for (int i = 0; i < runs; ++i) {
        const double t0 = now();
        const zv::Result r = zv::validate_code(code, base);
        best = std::min(best, now() - t0);
        *violations = r.violations.size();
    }
    return code.size() / best / 1e6;
}

// Capstone decode only (no detail), linear, skipping a byte on failure; MB/s.
double capstone_mbps(const std::vector<uint8_t>& code, uint64_t base, size_t limit) {
    csh h;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return 0;
    cs_option(h, CS_OPT_DETAIL, CS_OPT_OFF);
    cs_insn* insn = cs_malloc(h);
    const size_t n = std::min(limit, code.size());
    const uint8_t* p = code.data();
    size_t left = n;
    uint64_t addr = base;
    size_t count = 0;
    const double t0 = now();
    while (left > 0) {
        if (cs_disasm_iter(h, &p, &left, &addr, insn)) {
            ++count;
        } else {
            ++p;
            --left;
            ++addr;
        }
    }
    const double t = now() - t0;
    cs_free(insn, 1);
    cs_close(&h);
    return n / t / 1e6;
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
    const double ours = validator_mbps(code, base, runs, &violations);
    const double cs = capstone_mbps(code, base, 16 << 20);
    std::printf("bytes            %zu (%s)\n", code.size(),
                file.empty() ? "generated valid code"
                : real       ? ("valid code made from " + file).c_str()
                : nexe       ? ("the text of " + file).c_str()
                             : file.c_str());
    std::printf("violations       %zu\n", violations);
    std::printf("validate_code    %.1f MB/s\n", ours);
    std::printf("capstone decode  %.1f MB/s (first %zu MB, no detail)\n", cs,
                std::min<size_t>(code.size(), 16 << 20) >> 20);
    std::printf("(MB/s of thread CPU time: one core, independent of machine load)\n");
    std::printf("ratio            %.1fx\n", cs > 0 ? ours / cs : 0.0);
    return 0;
}
