// zvalidate FILE...: validates nexes (or, with --raw, flat code files) against the
// sandbox rules. Exit status: 0 all valid, 1 some file rejected, 2 some file could not
// be read or is not a nexe.
#include "validator/cache.h"
#include "validator/disassemble.h"
#include "validator/isa.h"
#include "validator/nexe.h"
#include "validator/validator.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace zv = zvm::validator;

namespace {

// The instruction-set extensions the code needs beyond x86-64 (validator/isa.h), by name.
nlohmann::json requires_list(uint32_t isa) {
    nlohmann::json names = nlohmann::json::array();
    for (int i = 0; i < zv::kIsaBitCount; ++i)
        if (isa & (1u << i)) names.push_back(zv::isa_name(1u << i));
    return names;
}

struct Settings {
    bool json = false;
    bool raw = false;
    bool quiet = false;
    std::string base_text = "0x20000";
    uint64_t base = 0;
    size_t max_errors = 0;
    bool cache = false;
    std::string cache_dir;
};

std::optional<std::vector<uint8_t>> read_file(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = "cannot open file";
        return std::nullopt;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) {
        *error = "read error";
        return std::nullopt;
    }
    return bytes;
}

nlohmann::json violation_json(const zv::Violation& v) {
    char addr[24];
    snprintf(addr, sizeof addr, "0x%llx", static_cast<unsigned long long>(v.address));
    return {{"address", addr},
            {"bytes", zv::hex_bytes(v.bytes)},
            {"disassembly", v.bytes.empty() ? "" : zv::disassemble(v.bytes, v.address)},
            {"rule", zv::rule_id(v.rule)},
            {"message", v.message}};
}

// Validates one file; prints its report; returns its exit status (0, 1 or 2).
int validate_one(const std::string& path, const Settings& s) {
    const auto t0 = std::chrono::steady_clock::now();
    std::string error;
    const auto bytes = read_file(path, &error);
    zv::Result result;
    if (bytes) {
        zv::Options options;
        options.max_errors = s.max_errors;
        if (s.raw) {
            result = zv::validate_code(*bytes, s.base, options);
        } else {
            zv::NexeResult n = s.cache ? zv::validate_nexe_cached(*bytes, s.cache_dir, options)
                                       : zv::validate_nexe(*bytes, options);
            if (n.format_error)
                error = *n.format_error;
            else
                result = std::move(n.result);
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int status = !error.empty() ? 2 : result.valid() ? 0 : 1;
    if (s.quiet) return status;
    if (s.json) {
        nlohmann::json j = {{"file", path},
                            {"verdict", status == 0   ? "valid"
                                        : status == 1 ? "invalid"
                                                      : "error"},
                            {"violations", nlohmann::json::array()},
                            {"bytes_checked", result.bytes_checked},
                            {"requires", requires_list(result.isa)},
                            {"seconds", seconds}};
        if (status == 2) j["error"] = error;
        for (const zv::Violation& v : result.violations)
            j["violations"].push_back(violation_json(v));
        std::cout << j.dump() << "\n";
    } else if (status == 2) {
        std::cerr << path << ": error: " << error << "\n";
    } else {
        for (const zv::Violation& v : result.violations)
            std::cout << path << ": " << zv::format_violation(v) << "\n";
    }
    return status;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"zvalidate: check nexes against the zvm sandbox rules (docs/sfi-model.md)"};
    Settings s;
    std::vector<std::string> files;
    app.add_option("files", files, "nexe files (or flat code files with --raw)")->required();
    app.add_flag("--json", s.json, "one JSON object per file");
    app.add_flag("--raw", s.raw, "the files are flat code, loaded at --base");
    app.add_option("--base", s.base_text, "load address of --raw code (default 0x20000)");
    app.add_option("--max-errors", s.max_errors, "stop after N violations per file (0: all)");
    app.add_flag("--quiet,-q", s.quiet, "print nothing; only the exit status");
    app.add_flag("--cache", s.cache,
                 "use the validation cache ($ZVM_CACHE_DIR, $XDG_CACHE_HOME/zvm or ~/.cache/zvm)");
    app.add_option("--cache-dir", s.cache_dir, "the validation cache directory (implies --cache)");
    CLI11_PARSE(app, argc, argv);
    try {
        size_t used = 0;
        s.base = std::stoull(s.base_text, &used, 0);
        if (used != s.base_text.size()) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
        std::cerr << "zvalidate: --base: not a number: " << s.base_text << "\n";
        return 2;
    }
    if (!s.cache_dir.empty()) s.cache = true;
    if (s.cache && s.cache_dir.empty()) s.cache_dir = zv::default_cache_dir().string();
    int worst = 0;
    for (const std::string& f : files)
        worst = std::max(worst, validate_one(f, s));
    return worst;
}
