// One predicate per rule of docs/sfi-model.md, applied to one decoded instruction in
// its context (the bundle it is in and the instructions before it in that bundle).
// Each returns nothing when the instruction obeys the rule, or the violation's rule
// and message. The definitions follow the declarations, inline: they run for every
// instruction, and the validator's throughput depends on them being inlined. The linear driver that
// calls them is validator/validator.cpp.
#pragma once

#include "validator/decoder.h"
#include "validator/validator.h"

#include "syscalls/abi.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace zvm::validator {

struct Finding {
    Rule rule;
    std::string message;
};

// An instruction as the driver sees it: its decoding, its bytes, its address and its
// length. For the previous instruction (Context::prev1) the decoding is not kept: insn is
// null, and only the bytes, address and length are known.
struct Located {
    const Insn* insn = nullptr;
    const uint8_t* bytes = nullptr;
    uint64_t address = 0;
    uint8_t length = 0; // the instruction's length (also in insn->length when insn is set)
};

// The instruction and the instruction before it in the same bundle.
struct Context {
    Located cur;
    Located prev1; // bytes == nullptr when there is none in this bundle; insn == nullptr
};

// R2: the instruction is on the allow-list and its prefixes are ones the list permits.
inline std::optional<Finding> check_allowed(const Context& c);
// R3-segment: no %fs / %gs prefix anywhere.
inline std::optional<Finding> check_segment(const Context& c);
// R3-addr32: an explicit memory operand carries 0x67 (lea and nops exempt).
inline std::optional<Finding> check_addr32(const Context& c);
// R4: string instructions, xlat, (v)maskmovdqu carry 0x67.
inline std::optional<Finding> check_string_addr32(const Context& c);
// R5: %rsp is written only by the 32-bit mov/add/sub/and/lea forms.
inline std::optional<Finding> check_stack_pointer(const Context& c);
// R9-branch16: no 0x66 on any branch.
inline std::optional<Finding> check_branch16(const Context& c);
// R6: jmp/call *%reg right after `and $-32, %reg32` in the same bundle; no memory-indirect.
inline std::optional<Finding> check_indirect_branch(const Context& c);
// R7: no ret of any form (returns are `pop %r11` plus an R6 masked jump).
inline std::optional<Finding> check_return(const Context& c);
// R8: calls end at a bundle end.
inline std::optional<Finding> check_call_alignment(const Context& c);

// A shortcut for the common case: true only when every predicate above would return
// nothing for this instruction (no context needed). Most instructions of compiled code
// are plain: allowed, no lock or segment prefix, 0x67 on any memory operand, no write of
// %rsp, not a branch. tests/validator/rules_test.cpp checks the implication on random
// and corpus instructions.
inline bool obviously_fine(const Insn& d);

// R9: a direct branch's target, for the check after the linear pass.
inline bool is_direct_branch(const Insn& insn);
inline uint64_t direct_branch_target(const Located& l);
inline bool is_trampoline_entry(uint64_t address);

// ---- Definitions ----
namespace detail {

inline const char* const kReg64[16] = {"%rax", "%rcx", "%rdx", "%rbx", "%rsp", "%rbp",
                                       "%rsi", "%rdi", "%r8",  "%r9",  "%r10", "%r11",
                                       "%r12", "%r13", "%r14", "%r15"};

inline bool is_branch(Kind k) {
    return k == Kind::Jcc || k == Kind::Jmp || k == Kind::Call || k == Kind::JmpIndirect ||
           k == Kind::CallIndirect || k == Kind::Ret;
}

inline bool same_bytes(const Located& l, const uint8_t* want, size_t n) {
    return l.bytes && l.length == n && std::memcmp(l.bytes, want, n) == 0;
}

[[gnu::cold, gnu::noinline]] inline std::optional<Finding> found(Rule rule, std::string message) {
    return Finding{rule, std::move(message)};
}

constexpr uint16_t kSegmentNull = PSegES | PSegCS | PSegSS | PSegDS;

} // namespace detail

inline bool obviously_fine(const Insn& d) {
    const OpEntry& e = *d.entry;
    if (!(e.flags & FPlain)) return false; // kind Normal/Lea/Nop, not forbidden, not leave
    if (d.repeated_prefix || (d.prefixes & (PF0 | PSegFS | PSegGS))) return false;
    // Nops may repeat 0x66 and carry a null segment prefix, need no 0x67 and write nothing.
    if (e.kind == Kind::Nop) return !d.may_write_rsp;
    if (d.repeated_66 || (d.prefixes & detail::kSegmentNull)) return false;
    if (d.has_memory && e.kind != Kind::Lea && !(d.prefixes & P67)) return false;
    return !d.may_write_rsp; // %rsp, %esp, %sp, %spl (or %ah: slow path)
}

[[gnu::always_inline]] inline std::optional<Finding> check_allowed(const Context& c) {
    const Insn& d = *c.cur.insn;
    const OpEntry& e = *d.entry;
    if (e.flags & FForbid)
        return detail::found(Rule::Forbidden, std::string(e.name) + " is not allowed");
    if (d.has(PF0)) {
        if (!(e.flags & FLock) || !d.has_memory)
            return detail::found(Rule::Forbidden,
                                 "lock prefix on an instruction that cannot be locked");
        if (d.has(PF2 | PF3))
            return detail::found(Rule::Forbidden,
                                 "xacquire/xrelease (TSX) prefixes are not allowed");
    }
    if (d.repeated_prefix) return detail::found(Rule::Forbidden, "repeated prefix");
    if (e.kind != Kind::Nop) {
        if (d.repeated_66)
            return detail::found(Rule::Forbidden, "repeated 0x66 prefix (allowed on nops only)");
        if (d.has(detail::kSegmentNull))
            return detail::found(Rule::Forbidden, "segment prefix (allowed on nops only)");
    }
    if (d.has(P67) && (e.kind == Kind::Jcc || e.kind == Kind::Jmp || e.kind == Kind::Call))
        return detail::found(Rule::Forbidden, "address-size prefix on a direct branch");
    return std::nullopt;
}

[[gnu::always_inline]] inline std::optional<Finding> check_segment(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.has(PSegFS))
        return detail::found(Rule::SegmentPrefix, "%fs segment prefix is not allowed");
    if (d.has(PSegGS))
        return detail::found(Rule::SegmentPrefix, "%gs segment prefix is not allowed");
    return std::nullopt;
}

[[gnu::always_inline]] inline std::optional<Finding> check_addr32(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (!d.has_memory || k == Kind::Lea || k == Kind::Nop || d.has(P67)) return std::nullopt;
    return detail::found(Rule::Addr32, "memory operand without the 0x67 address-size prefix");
}

[[gnu::always_inline]] inline std::optional<Finding> check_string_addr32(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->kind != Kind::String || d.has(P67)) return std::nullopt;
    return detail::found(Rule::StringAddr32,
                         std::string(d.entry->name) + " without the 0x67 address-size prefix");
}

// The only explicit writes of %esp: mov, add, sub, and, lea, 32-bit operand size. By
// opcode (legacy map 1) and ModRM.reg: the driver's plain-instruction table is built from
// the same function (validator/decoder_impl.h).
constexpr bool esp_write_opcode(uint8_t opcode, unsigned reg) {
    switch (opcode) {
    case 0x89:
    case 0x8B: // mov
    case 0x01:
    case 0x03: // add
    case 0x29:
    case 0x2B: // sub
    case 0x21:
    case 0x23: // and
    case 0x8D: // lea
        return true;
    case 0xC7:
        return reg == 0; // mov $imm32
    case 0x81:
    case 0x83:
        return reg == 0 || reg == 4 || reg == 5; // add, and, sub $imm
    default:
        return false;
    }
}

inline bool allowed_rsp_write(const Insn& d, const RegWrite& w) {
    if (w.size != 4 || d.rex_w() || d.has(P66 | PVex) || d.map != OpMap::Legacy1) return false;
    return esp_write_opcode(d.opcode, d.reg());
}

[[gnu::always_inline]] inline std::optional<Finding> check_stack_pointer(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->flags & FRspArbitrary)
        return detail::found(Rule::StackPointer,
                             std::string(d.entry->name) + " sets %rsp from another register");
    for (unsigned i = 0; i < d.num_writes; ++i) {
        const RegWrite& w = d.writes[i];
        if (w.reg != 4 || w.high8 || allowed_rsp_write(d, w)) continue;
        static const char* const kName[9] = {"", "%spl", "%sp", "", "%esp", "", "", "", "%rsp"};
        return detail::found(Rule::StackPointer,
                             std::string(d.entry->name) + " writes " + kName[w.size] +
                                 " (only 32-bit mov/add/sub/and/lea may write %esp)");
    }
    return std::nullopt;
}

[[gnu::always_inline]] inline std::optional<Finding> check_branch16(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (!detail::is_branch(d.entry->kind) || !d.has(P66)) return std::nullopt;
    return detail::found(Rule::Branch16, "0x66 prefix on a branch (16-bit branch)");
}

[[gnu::always_inline]] inline std::optional<Finding> check_indirect_branch(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (k != Kind::JmpIndirect && k != Kind::CallIndirect) return std::nullopt;
    if (d.mod() != 3)
        return detail::found(Rule::IndirectBranch, "memory-indirect jmp/call is not allowed");
    const uint8_t reg = static_cast<uint8_t>(d.rm() | (d.rex_b() ? 8 : 0));
    const bool rex_ok = d.rex == 0 || d.rex == 0x41 || d.rex == 0x48 || d.rex == 0x49;
    if ((d.prefixes & ~PRex) != 0 || !rex_ok)
        return detail::found(Rule::IndirectBranch, "prefix on an indirect jmp/call");
    // `and $-32, %eXX`: 83 /4 ib with ib = E0, REX.B (41) for r8-r15 and nothing else.
    uint8_t mask[4];
    size_t n = 0;
    if (reg >= 8) mask[n++] = 0x41;
    mask[n++] = 0x83;
    mask[n++] = static_cast<uint8_t>(0xE0 | (reg & 7));
    mask[n++] = 0xE0;
    if (!detail::same_bytes(c.prev1, mask, n))
        return detail::found(Rule::IndirectBranch,
                             std::string("indirect jmp/call through ") + detail::kReg64[reg] +
                                 " not immediately preceded, in the same bundle, by "
                                 "`and $-32` on its 32-bit half");
    return std::nullopt;
}

[[gnu::always_inline]] inline std::optional<Finding> check_return(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->kind != Kind::Ret) return std::nullopt;
    const char* what = d.opcode == 0xCA || d.opcode == 0xCB ? "far ret"
                       : d.opcode == 0xC2                   ? "ret $imm"
                       : d.length != 1                      ? "prefixed ret"
                                                            : "ret";
    return detail::found(Rule::Return, std::string(what) +
                                           " is not allowed; return with `pop %r11; "
                                           "and $-32, %r11d; jmp *%r11` (and+jmp in one bundle)");
}

[[gnu::always_inline]] inline std::optional<Finding> check_call_alignment(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (k != Kind::Call && k != Kind::CallIndirect) return std::nullopt;
    if (((c.cur.address + d.length) & (ZVM_BUNDLE_SIZE - 1)) == 0) return std::nullopt;
    return detail::found(Rule::CallAlignment, "call does not end at a bundle end");
}

inline bool is_direct_branch(const Insn& insn) {
    const Kind k = insn.entry->kind;
    return k == Kind::Jcc || k == Kind::Jmp || k == Kind::Call;
}

inline uint64_t direct_branch_target(const Located& l) {
    return l.address + l.insn->length + static_cast<uint64_t>(l.insn->imm);
}

inline bool is_trampoline_entry(uint64_t a) {
    return a >= ZVM_TRAMPOLINE_BASE && a < ZVM_TRAMPOLINE_END && (a & (ZVM_BUNDLE_SIZE - 1)) == 0;
}

} // namespace zvm::validator
