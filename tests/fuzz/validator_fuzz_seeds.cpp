// Writes the seed corpus of the validator's fuzz target: valid code, so that mutations
// start from accepted inputs (which are the ones the LLVM oracle judges).
//
//   validator_fuzz_seeds OUTDIR [NEXE|DIR...]
//
// Seeds: generated valid code (bench/validator/codegen.h: loads and stores, branches to
// bundle starts, calls ending bundles, masked jumps, the return sequence, nops) of several
// sizes; and for each nexe given (a directory: its *.nexe files), its compiled text turned
// into valid code chunks of up to 2 KiB (codegen.h's sandboxize: real compiler output with
// branches dropped). Each seed is checked to be valid before it is written. Deterministic.
// Exit status 0, or 1 with a message if OUTDIR cannot be written or a seed is invalid.
#include "codegen.h"
#include "syscalls/abi.h"
#include "validator/nexe.h"
#include "validator/validator.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace zv = zvm::validator;

namespace {

bool write_seed(const fs::path& dir, const std::string& name, const std::vector<uint8_t>& code) {
    if (!zv::validate_code(code, ZVM_TEXT_START).valid()) {
        std::fprintf(stderr, "validator_fuzz_seeds: seed %s is not valid code\n", name.c_str());
        return false;
    }
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(code.data()),
              static_cast<std::streamsize>(code.size()));
    if (!out) {
        std::fprintf(stderr, "validator_fuzz_seeds: cannot write %s\n", (dir / name).c_str());
        return false;
    }
    return true;
}

// The text of a nexe, or nothing if it is not one.
std::vector<uint8_t> nexe_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> file{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
    const zv::NexeResult r = zv::validate_nexe(file);
    if (r.format_error) return {};
    for (const zv::Segment& s : r.nexe.segments)
        if (s.vaddr == r.nexe.text_vaddr && s.offset + s.filesz <= file.size())
            return {file.begin() + static_cast<std::ptrdiff_t>(s.offset),
                    file.begin() + static_cast<std::ptrdiff_t>(s.offset + s.filesz)};
    return {};
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: validator_fuzz_seeds OUTDIR [NEXE|DIR...]\n");
        return 1;
    }
    const fs::path out = argv[1];
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) {
        std::fprintf(stderr, "validator_fuzz_seeds: cannot create %s: %s\n", out.c_str(),
                     ec.message().c_str());
        return 1;
    }
    size_t written = 0;
    for (uint64_t seed = 1; seed <= 24; ++seed) {
        const size_t size = size_t{64} << (seed % 6); // 64 .. 2048 bytes
        if (!write_seed(out, "generated-" + std::to_string(seed),
                        zv::bench::generate_valid_code(size, ZVM_TEXT_START, seed)))
            return 1;
        ++written;
    }
    std::vector<fs::path> nexes;
    for (int i = 2; i < argc; ++i) {
        const fs::path p = argv[i];
        if (fs::is_directory(p)) {
            for (const auto& e : fs::directory_iterator(p))
                if (e.path().extension() == ".nexe") nexes.push_back(e.path());
        } else {
            nexes.push_back(p);
        }
    }
    std::sort(nexes.begin(), nexes.end());
    for (const fs::path& p : nexes) {
        const std::vector<uint8_t> text = nexe_text(p);
        if (text.empty()) continue;
        // Up to 4 chunks per nexe, from different parts of its text.
        for (size_t k = 0; k < 4; ++k) {
            const size_t from = text.size() / 4 * k;
            const std::vector<uint8_t> part(text.begin() + static_cast<std::ptrdiff_t>(from),
                                            text.end());
            const std::vector<uint8_t> code = zv::bench::sandboxize(part, 2048);
            if (code.empty()) continue;
            const std::string name = p.parent_path().filename().string() + "-" + p.stem().string() +
                                     "-" + std::to_string(k);
            if (!write_seed(out, name, code)) return 1;
            ++written;
        }
    }
    std::printf("validator_fuzz_seeds: %zu seeds in %s\n", written, out.c_str());
    return 0;
}
