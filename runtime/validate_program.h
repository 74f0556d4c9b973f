// The validation step of `zvm run` and of `zvm serve`'s workers: the validator's verdict on
// a nexe's bytes, through the validation cache (validator/cache.h) so that a nexe is
// validated once, not once per run. The cache is an optimisation only: a directory that
// cannot be created, read or written means the nexe is validated, never an error.
#pragma once

#include "validator/nexe.h"

#include <cstdint>
#include <span>
#include <string>

namespace zvm::runtime {

// Where the cache is, from `zvm run`'s options (docs/cli.md): nothing with --no-cache,
// else --cache-dir DIR, else the default ($ZVM_CACHE_DIR, $XDG_CACHE_HOME/zvm or
// ~/.cache/zvm). Empty: no cache.
std::string program_cache_dir(bool no_cache, const std::string& cache_dir);

struct ProgramCheck {
    validator::NexeResult result; // as validator::validate_nexe would give it
    bool cache_hit = false;       // the verdict came from the cache (the text was not decoded)
};

// Cache lookup, else validation (and a valid verdict stored). `cache_dir` empty: no cache.
// A rejected nexe is validated in full every time, so that its violations can be reported.
ProgramCheck validate_program(std::span<const uint8_t> file, const std::string& cache_dir);

} // namespace zvm::runtime
