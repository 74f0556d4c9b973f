// Reading and checking a nexe: a static ELF64 x86-64 executable (docs/sfi-model.md, R10).
// Used by zvalidate and by the runtime's loader, which maps the segments parsed here.
#pragma once

#include "validator/validator.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zvm::validator {

// One PT_LOAD program header.
struct Segment {
    uint64_t vaddr = 0;
    uint64_t memsz = 0;
    uint64_t filesz = 0;
    uint64_t offset = 0; // file offset of the first byte
    uint32_t flags = 0;  // PF_R | PF_W | PF_X
};

struct Nexe {
    uint64_t entry = 0;
    std::vector<Segment> segments; // the PT_LOAD segments, in file order
    uint64_t phoff = 0;            // program header table: file offset, entry size, count
    uint16_t phentsize = 0;
    uint16_t phnum = 0;
    uint64_t text_vaddr = 0; // the one executable segment
    uint64_t text_size = 0;
};

struct NexeResult {
    // Set when the file is not an ELF64 x86-64 executable at all, or is truncated or
    // malformed (zvalidate exit status 2). Names what is wrong and where.
    std::optional<std::string> format_error;
    Nexe nexe;     // valid when !format_error
    Result result; // violations of R10 and of the code rules (text validated at text_vaddr)
    bool valid() const { return !format_error && result.valid(); }
};

// Parses `file` (the whole nexe) and validates it: the ELF rules, then the text.
NexeResult validate_nexe(std::span<const uint8_t> file, const Options& options = {});

} // namespace zvm::validator
