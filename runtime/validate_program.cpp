#include "runtime/validate_program.h"

#include "validator/cache.h"

namespace zvm::runtime {

std::string program_cache_dir(bool no_cache, const std::string& cache_dir) {
    if (no_cache) return {};
    if (!cache_dir.empty()) return cache_dir;
    return validator::default_cache_dir().string();
}

ProgramCheck validate_program(std::span<const uint8_t> file, const std::string& cache_dir) {
    ProgramCheck check;
    if (cache_dir.empty())
        check.result = validator::validate_nexe(file);
    else
        check.result = validator::validate_nexe_cached(file, cache_dir, {}, &check.cache_hit);
    return check;
}

} // namespace zvm::runtime
