// The validator's core: decides whether code bytes obey the sandbox rules of
// docs/sfi-model.md. Pure: bytes and a load address in, a verdict out; no I/O, no
// global state. The ELF level (whole nexes) is in validator/nexe.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zvm::validator {

// One identifier per rule of docs/sfi-model.md; rule_id() gives the text used in
// diagnostics and in the document (for example "R3-addr32").
enum class Rule : uint8_t {
    Bundle,         // R1: an instruction or locked sequence crosses a bundle; bad padding
    Decode,         // R2: bytes that do not decode to a known instruction
    Forbidden,      // R2: a decodable instruction that is not on the allow-list
    Addr32,         // R3: a memory access without the 0x67 address-size prefix
    SegmentPrefix,  // R3: an %fs or %gs segment prefix
    StringAddr32,   // R4: a string instruction, xlat or maskmovdqu without 0x67
    StackPointer,   // R5: a write of %rsp other than the allowed forms
    IndirectBranch, // R6: an indirect jmp/call not masked right before, or memory-indirect
    Return,         // R7: any ret (returns are `pop %r11` plus a masked jmp)
    CallAlignment,  // R8: a call that does not end at a bundle end
    BranchTarget,   // R9: a direct branch to a place that is not a valid target
    Branch16,       // R9: a branch with the 0x66 operand-size prefix
    Elf,            // R10: the ELF rules (static, segments in range, W^X, entry point)
};

// The identifier of a rule as printed in diagnostics, e.g. "R6-indirect-branch".
const char* rule_id(Rule rule);

struct Violation {
    uint64_t address = 0;       // sandbox address of the offending instruction (or 0 for ELF-level)
    std::vector<uint8_t> bytes; // the instruction's bytes (up to 15), empty for ELF-level
    Rule rule = Rule::Decode;
    std::string message; // what is wrong, in words, e.g. "syscall is not allowed"
};

struct Options {
    size_t max_errors = 0; // stop after this many violations; 0 = report all
    // false: every instruction goes through the full decoder and rules, none through the
    // driver's fast paths. Same verdict and violations either way (tests compare the two).
    bool fast_paths = true;
};

struct Result {
    std::vector<Violation> violations;
    uint64_t bytes_checked = 0;
    uint32_t isa = 0; // the extensions the accepted instructions need (validator/isa.h)
    bool valid() const { return violations.empty(); }
};

// Validates `code`, which the nexe loads at sandbox address `base` (32-byte aligned).
Result validate_code(std::span<const uint8_t> code, uint64_t base, const Options& options = {});

} // namespace zvm::validator
