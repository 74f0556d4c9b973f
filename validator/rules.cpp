// The rules of docs/sfi-model.md, one predicate each.
#include "validator/rules.h"

#include "syscalls/abi.h"

#include <cstring>

namespace zvm::validator {

namespace {

const char* const kReg64[16] = {"%rax", "%rcx", "%rdx", "%rbx", "%rsp", "%rbp", "%rsi", "%rdi",
                                "%r8",  "%r9",  "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"};

bool is_branch(Kind k) {
    return k == Kind::Jcc || k == Kind::Jmp || k == Kind::Call || k == Kind::JmpIndirect ||
           k == Kind::CallIndirect || k == Kind::Ret;
}

bool same_bytes(const Located& l, const uint8_t* want, size_t n) {
    return l.bytes && l.insn->length == n && std::memcmp(l.bytes, want, n) == 0;
}

std::optional<Finding> found(Rule rule, std::string message) {
    return Finding{rule, std::move(message)};
}

constexpr uint16_t kSegmentNull = PSegES | PSegCS | PSegSS | PSegDS;

} // namespace

std::optional<Finding> check_allowed(const Context& c) {
    const Insn& d = *c.cur.insn;
    const OpEntry& e = *d.entry;
    if (e.flags & FForbid) return found(Rule::Forbidden, std::string(e.name) + " is not allowed");
    if (d.has(PF0)) {
        if (!(e.flags & FLock) || !d.has_memory)
            return found(Rule::Forbidden, "lock prefix on an instruction that cannot be locked");
        if (d.has(PF2 | PF3))
            return found(Rule::Forbidden, "xacquire/xrelease (TSX) prefixes are not allowed");
    }
    if (d.repeated_prefix) return found(Rule::Forbidden, "repeated prefix");
    if (e.kind != Kind::Nop) {
        if (d.repeated_66)
            return found(Rule::Forbidden, "repeated 0x66 prefix (allowed on nops only)");
        if (d.has(kSegmentNull))
            return found(Rule::Forbidden, "segment prefix (allowed on nops only)");
    }
    if (d.has(P67) && (e.kind == Kind::Jcc || e.kind == Kind::Jmp || e.kind == Kind::Call))
        return found(Rule::Forbidden, "address-size prefix on a direct branch");
    return std::nullopt;
}

std::optional<Finding> check_segment(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.has(PSegFS)) return found(Rule::SegmentPrefix, "%fs segment prefix is not allowed");
    if (d.has(PSegGS)) return found(Rule::SegmentPrefix, "%gs segment prefix is not allowed");
    return std::nullopt;
}

std::optional<Finding> check_addr32(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (!d.has_memory || k == Kind::Lea || k == Kind::Nop || d.has(P67)) return std::nullopt;
    return found(Rule::Addr32, "memory operand without the 0x67 address-size prefix");
}

std::optional<Finding> check_string_addr32(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->kind != Kind::String || d.has(P67)) return std::nullopt;
    return found(Rule::StringAddr32,
                 std::string(d.entry->name) + " without the 0x67 address-size prefix");
}

// The only explicit writes of %esp: mov, add, sub, and, lea, 32-bit operand size.
static bool allowed_rsp_write(const Insn& d, const RegWrite& w) {
    if (w.size != 4 || d.rex_w() || d.has(P66 | PVex) || d.map != OpMap::Legacy1) return false;
    switch (d.opcode) {
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
        return d.reg() == 0; // mov $imm32
    case 0x81:
    case 0x83:
        return d.reg() == 0 || d.reg() == 4 || d.reg() == 5; // add, and, sub $imm
    default:
        return false;
    }
}

std::optional<Finding> check_stack_pointer(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->flags & FRspArbitrary)
        return found(Rule::StackPointer,
                     std::string(d.entry->name) + " sets %rsp from another register");
    for (unsigned i = 0; i < d.num_writes; ++i) {
        const RegWrite& w = d.writes[i];
        if (w.reg != 4 || w.high8 || allowed_rsp_write(d, w)) continue;
        static const char* const kName[9] = {"", "%spl", "%sp", "", "%esp", "", "", "", "%rsp"};
        return found(Rule::StackPointer, std::string(d.entry->name) + " writes " + kName[w.size] +
                                             " (only 32-bit mov/add/sub/and/lea may write %esp)");
    }
    return std::nullopt;
}

std::optional<Finding> check_branch16(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (!is_branch(d.entry->kind) || !d.has(P66)) return std::nullopt;
    return found(Rule::Branch16, "0x66 prefix on a branch (16-bit branch)");
}

std::optional<Finding> check_indirect_branch(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (k != Kind::JmpIndirect && k != Kind::CallIndirect) return std::nullopt;
    if (d.mod() != 3) return found(Rule::IndirectBranch, "memory-indirect jmp/call is not allowed");
    const uint8_t reg = static_cast<uint8_t>(d.rm() | (d.rex_b() ? 8 : 0));
    const bool rex_ok = d.rex == 0 || d.rex == 0x41 || d.rex == 0x48 || d.rex == 0x49;
    if ((d.prefixes & ~PRex) != 0 || !rex_ok)
        return found(Rule::IndirectBranch, "prefix on an indirect jmp/call");
    // `and $-32, %eXX`: 83 /4 ib with ib = E0, REX.B (41) for r8-r15 and nothing else.
    uint8_t mask[4];
    size_t n = 0;
    if (reg >= 8) mask[n++] = 0x41;
    mask[n++] = 0x83;
    mask[n++] = static_cast<uint8_t>(0xE0 | (reg & 7));
    mask[n++] = 0xE0;
    if (!same_bytes(c.prev1, mask, n))
        return found(Rule::IndirectBranch, std::string("indirect jmp/call through ") + kReg64[reg] +
                                               " not immediately preceded, in the same bundle, by "
                                               "`and $-32` on its 32-bit half");
    return std::nullopt;
}

std::optional<Finding> check_return(const Context& c) {
    const Insn& d = *c.cur.insn;
    if (d.entry->kind != Kind::Ret) return std::nullopt;
    if (d.opcode == 0xCA || d.opcode == 0xCB) return found(Rule::Return, "far ret is not allowed");
    if (d.opcode == 0xC2) return found(Rule::Return, "ret $imm is not allowed");
    if (d.length != 1) return found(Rule::Return, "prefixed ret is not allowed");
    if (!same_bytes(c.prev1, kReturnClear, sizeof kReturnClear) ||
        !same_bytes(c.prev2, kReturnMask, sizeof kReturnMask))
        return found(Rule::Return, "ret outside the locked return sequence "
                                   "(andl $-32,(%esp); movl $0,4(%esp); ret)");
    return std::nullopt;
}

std::optional<Finding> check_call_alignment(const Context& c) {
    const Insn& d = *c.cur.insn;
    const Kind k = d.entry->kind;
    if (k != Kind::Call && k != Kind::CallIndirect) return std::nullopt;
    if (((c.cur.address + d.length) & (ZVM_BUNDLE_SIZE - 1)) == 0) return std::nullopt;
    return found(Rule::CallAlignment, "call does not end at a bundle end");
}

bool is_direct_branch(const Insn& insn) {
    const Kind k = insn.entry->kind;
    return k == Kind::Jcc || k == Kind::Jmp || k == Kind::Call;
}

uint64_t direct_branch_target(const Located& l) {
    return l.address + l.insn->length + static_cast<uint64_t>(l.insn->imm);
}

bool is_trampoline_entry(uint64_t a) {
    return a >= ZVM_TRAMPOLINE_BASE && a < ZVM_TRAMPOLINE_END && (a & (ZVM_BUNDLE_SIZE - 1)) == 0;
}

} // namespace zvm::validator
