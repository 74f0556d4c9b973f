#include "runtime/run_cli_fast.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace zvm::runtime {
namespace {

// "0" or a decimal number without leading zeros that fits in 64 bits (CLI11 reads numbers
// with strtoull base 0: other spellings such as "010" or "0x10" mean something else there).
bool parse_decimal(std::string_view s, uint64_t* out) {
    if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
    uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        const uint64_t digit = static_cast<uint64_t>(c - '0');
        if (v > (UINT64_MAX - digit) / 10) return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

// A decimal number with an optional suffix K, M or G (either case; powers of 1024), as
// CLI::AsSizeValue(false) reads it.
bool parse_size(std::string_view s, uint64_t* out) {
    uint64_t unit = 1;
    if (!s.empty()) {
        switch (s.back()) {
        case 'k':
        case 'K':
            unit = 1ULL << 10;
            break;
        case 'm':
        case 'M':
            unit = 1ULL << 20;
            break;
        case 'g':
        case 'G':
            unit = 1ULL << 30;
            break;
        default:
            break;
        }
        if (unit != 1) s.remove_suffix(1);
    }
    uint64_t n;
    if (!parse_decimal(s, &n) || n > UINT64_MAX / unit) return false;
    *out = n * unit;
    return true;
}

// Digits with an optional fraction ("0.5", "10"), read as CLI11 reads a double (strtold).
bool parse_seconds(std::string_view s, double* out) {
    const size_t dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
    if (whole.empty() || (dot != std::string_view::npos && frac.empty())) return false;
    for (const char c : whole)
        if (c < '0' || c > '9') return false;
    for (const char c : frac)
        if (c < '0' || c > '9') return false;
    const std::string text(s);
    *out = static_cast<double>(std::strtold(text.c_str(), nullptr));
    return true;
}

// Options seen so far (each single-valued option may appear once).
struct Seen {
    bool manifest = false, image = false, seed = false, timeout = false, memory = false,
         max_output = false, report = false, report_file = false, cache_dir = false,
         no_cache = false;
};

// One option with its value; false when declined.
bool apply_option(std::string_view name, std::string_view value, Seen& seen, RunOptions* o) {
    const auto once = [](bool& flag) {
        if (flag) return false;
        flag = true;
        return true;
    };
    if (value.empty() || value[0] == '-') return false;
    if (name == "--channel") {
        o->channels.emplace_back(value);
        return true;
    }
    if (name == "--env") {
        o->env.emplace_back(value);
        return true;
    }
    if (name == "--manifest") {
        o->manifest = value;
        return once(seen.manifest);
    }
    if (name == "--image") {
        o->image = value;
        return once(seen.image);
    }
    if (name == "--report-file") {
        o->report_file = value;
        return once(seen.report_file);
    }
    if (name == "--cache-dir") {
        o->cache_dir = value;
        return once(seen.cache_dir);
    }
    if (name == "--seed") return parse_decimal(value, &o->seed) && once(seen.seed);
    if (name == "--timeout") {
        o->timeout_given = true;
        return parse_seconds(value, &o->timeout) && once(seen.timeout);
    }
    if (name == "--memory") {
        o->memory_given = true;
        return parse_size(value, &o->memory) && once(seen.memory);
    }
    if (name == "--max-output") return parse_size(value, &o->max_output) && once(seen.max_output);
    if (name == "--report") {
        if (value == "text")
            o->report = ReportFormat::kText;
        else if (value == "json")
            o->report = ReportFormat::kJson;
        else
            return false;
        return once(seen.report);
    }
    return false;
}

} // namespace

bool parse_run_fast(int argc, const char* const* argv, RunOptions* options) {
    if (argc < 2 || std::strcmp(argv[1], "run") != 0) return false;
    Seen seen;
    bool have_program = false;
    int i = 2;
    for (; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        if (arg.empty()) return false;
        if (arg[0] != '-') {
            if (have_program)
                options->args.emplace_back(arg);
            else
                options->program = arg;
            have_program = true;
            continue;
        }
        if (arg == "--no-cache") { // the one flag: no value follows
            if (seen.no_cache) return false;
            seen.no_cache = options->no_cache = true;
            continue;
        }
#ifdef ZVM_UNSAFE_SKIP_VALIDATION_FOR_TESTS
        if (arg == "--skip-validation-for-tests") {
            if (options->skip_validation_for_tests) return false;
            options->skip_validation_for_tests = true;
            continue;
        }
#endif
        const size_t eq = arg.find('=');
        if (eq != std::string_view::npos) {
            if (!apply_option(arg.substr(0, eq), arg.substr(eq + 1), seen, options)) return false;
        } else {
            if (i + 1 >= argc || !apply_option(arg, argv[i + 1], seen, options)) return false;
            ++i;
        }
    }
    for (++i; i < argc; ++i) // after "--": the program's, whatever they look like
        options->args.emplace_back(argv[i]);
    return true;
}

} // namespace zvm::runtime
