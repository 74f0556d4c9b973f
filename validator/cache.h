// The validation cache: a nexe is validated once, not once per run. The key is the
// SHA-256 of the validator's version string and the nexe's bytes; the entry records the
// verdict and the instruction-set extensions the code needs (validator/isa.h). Only "valid"
// verdicts are stored: a rejected nexe is validated again, so its violations can be reported.
//
// Directory: $ZVM_CACHE_DIR, else $XDG_CACHE_HOME/zvm, else $HOME/.cache/zvm. The cache
// is trusted: whoever can write into it can make any nexe "valid". It must be owned by
// the user running zvm and not writable by its group or others (the runtime creates it
// 0700); otherwise every lookup is a miss and nothing is stored. Entries are opened
// without following symbolic links.
//
// Entries are written to a temporary file in the same directory and renamed into place,
// so readers never see a partial entry. A corrupt or foreign entry (wrong header, wrong
// key, unknown verdict) counts as a miss and is overwritten by the next store.
//
// No libcrypto and no iostreams: the key is computed by validator/sha256.h and entries are
// read and written with plain file calls, so that the static zvm (docs/design.md, "Two
// binaries") uses the cache without their start-up cost.
#pragma once

#include "validator/nexe.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace zvm::validator {

// The validator's version: a release number and a hash of the allow-list table, so that
// any change to the rules or the instruction set invalidates every cached verdict.
const std::string& validator_version();

// The cache directory from the environment (see above); empty if none can be found.
std::filesystem::path default_cache_dir();

struct CachedVerdict {
    bool valid = false;
    uint32_t isa = 0; // Result::isa
    bool operator==(const CachedVerdict&) const = default;
};

class ValidationCache {
  public:
    explicit ValidationCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Lowercase hex SHA-256 of validator_version(), a NUL byte, and the nexe.
    static std::string key(std::span<const uint8_t> nexe);

    // The cached verdict for `key`, or nothing (no entry, unreadable, corrupt, foreign).
    std::optional<CachedVerdict> lookup(const std::string& key) const;

    // Records a verdict; false (and `*error`) if the entry could not be written.
    bool store(const std::string& key, const CachedVerdict& verdict,
               std::string* error = nullptr) const;

    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path entry_path(const std::string& key) const { return dir_ / key; }
    std::filesystem::path dir_;
};

// validate_nexe with the cache at `cache_dir`: on a hit the ELF rules are checked again
// (cheap, and the caller needs the parsed segments) but the text is not decoded; on a
// miss the nexe is validated and a valid verdict stored. `*hit` tells which happened.
NexeResult validate_nexe_cached(std::span<const uint8_t> file,
                                const std::filesystem::path& cache_dir, const Options& options = {},
                                bool* hit = nullptr);

} // namespace zvm::validator
