#include "testutil.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace zvm::validator::test {

namespace fs = std::filesystem;

namespace {
// The scratch directory, removed when the test process exits.
struct Scratch {
    fs::path dir;
    Scratch() {
        dir = fs::temp_directory_path() /
              ("zvm-validator-test-" + std::to_string(static_cast<long>(getpid())));
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};
} // namespace

fs::path scratch_dir() {
    static const Scratch scratch;
    return scratch.dir;
}

std::vector<uint8_t> read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
}

static std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<std::vector<uint8_t>> build_nexe(const std::string& source, std::string* error,
                                               const std::string& ldscript,
                                               const std::string& extra_ld_flags) {
    static std::atomic<int> counter{0};
    const fs::path dir = scratch_dir();
    const std::string stem = "t" + std::to_string(counter++);
    const fs::path s = dir / (stem + ".s"), o = dir / (stem + ".o"), nexe = dir / (stem + ".nexe"),
                   log = dir / (stem + ".log");
    {
        std::ofstream out(s);
        out << source;
    }
    const std::string as = std::string(ZVM_TEST_CLANG) + " -c -x assembler " + s.string() + " -o " +
                           o.string() + " 2>" + log.string();
    if (std::system(as.c_str()) != 0) {
        *error = "assembling failed: " + slurp(log);
        return std::nullopt;
    }
    const std::string ld = std::string(ZVM_TEST_LLD) + " -T " + ldscript + " " + extra_ld_flags +
                           " " + o.string() + " -o " + nexe.string() + " 2>" + log.string();
    if (std::system(ld.c_str()) != 0) {
        *error = "linking failed: " + slurp(log);
        return std::nullopt;
    }
    auto bytes = read_bytes(nexe);
    fs::remove(s);
    fs::remove(o);
    fs::remove(nexe);
    fs::remove(log);
    return bytes;
}

} // namespace zvm::validator::test
