// One predicate per rule of docs/sfi-model.md, applied to one decoded instruction in
// its context (the bundle it is in and the instructions before it in that bundle).
// Each returns nothing when the instruction obeys the rule, or the violation's rule
// and message. The linear driver that calls them is validator/validator.cpp.
#pragma once

#include "validator/decoder.h"
#include "validator/validator.h"

#include <cstdint>
#include <optional>
#include <string>

namespace zvm::validator {

struct Finding {
    Rule rule;
    std::string message;
};

// An instruction as the driver sees it: its decoding, its bytes and its address.
struct Located {
    const Insn* insn = nullptr;
    const uint8_t* bytes = nullptr;
    uint64_t address = 0;
};

// The instruction and the (up to two) instructions before it in the same bundle.
struct Context {
    Located cur;
    Located prev1; // bytes == nullptr when there is none in this bundle
    Located prev2;
};

// R2: the instruction is on the allow-list and its prefixes are ones the list permits.
std::optional<Finding> check_allowed(const Context& c);
// R3-segment: no %fs / %gs prefix anywhere.
std::optional<Finding> check_segment(const Context& c);
// R3-addr32: an explicit memory operand carries 0x67 (lea and nops exempt).
std::optional<Finding> check_addr32(const Context& c);
// R4: string instructions, xlat, (v)maskmovdqu carry 0x67.
std::optional<Finding> check_string_addr32(const Context& c);
// R5: %rsp is written only by the 32-bit mov/add/sub/and/lea forms.
std::optional<Finding> check_stack_pointer(const Context& c);
// R9-branch16: no 0x66 on any branch.
std::optional<Finding> check_branch16(const Context& c);
// R6: jmp/call *%reg right after `and $-32, %reg32` in the same bundle; no memory-indirect.
std::optional<Finding> check_indirect_branch(const Context& c);
// R7: ret only as the last instruction of the locked return sequence.
std::optional<Finding> check_return(const Context& c);
// R8: calls end at a bundle end.
std::optional<Finding> check_call_alignment(const Context& c);

// R9: a direct branch's target, for the check after the linear pass.
bool is_direct_branch(const Insn& insn);
uint64_t direct_branch_target(const Located& l);
bool is_trampoline_entry(uint64_t address);

// The exact bytes of the locked sequences (docs/sfi-model.md).
inline constexpr uint8_t kReturnMask[] = {0x67, 0x83, 0x24, 0x24, 0xE0};
inline constexpr uint8_t kReturnClear[] = {0x67, 0xC7, 0x44, 0x24, 0x04, 0x00, 0x00, 0x00, 0x00};

} // namespace zvm::validator
