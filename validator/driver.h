// The linear driver behind validate_code, with the one extra the ELF level needs:
// checking that the entry point is a valid branch target in the validated text.
#pragma once

#include "validator/validator.h"

#include <cstdint>
#include <optional>
#include <span>

namespace zvm::validator {

// validate_code, plus (when `entry` is set) an R10 violation unless `*entry` is an
// instruction start in `code` that is not inside a locked sequence.
Result validate_code_with_entry(std::span<const uint8_t> code, uint64_t base,
                                const Options& options, std::optional<uint64_t> entry);

struct NexeResult;
struct Options;

// validate_nexe, optionally without decoding the text (for a cached valid verdict): the
// ELF rules are always checked and the segments parsed.
NexeResult read_nexe(std::span<const uint8_t> file, const Options& options, bool validate_text);

} // namespace zvm::validator
