// The validator's x86-64 instruction decoder: table-driven, allocation-free, and
// strict. It computes the exact length of an instruction, its prefixes, opcode map,
// ModRM/SIB/displacement/immediate, whether it has an explicit memory operand, and
// which general-purpose registers it writes. The set of instructions it knows is the
// allow-list in validator/opcodes.inc; anything not listed there does not decode.
//
// The decoder does not apply the sandbox rules (validator/rules.h does); it only
// reports facts about the bytes, plus the allow-list entry (with its kind and a
// "forbidden" mark for instructions that decode but are never allowed).
#pragma once

#include <cstddef>
#include <cstdint>

namespace zvm::validator {

// Opcode maps. Legacy maps 0-3, VEX maps 4-6.
enum class OpMap : uint8_t {
    Legacy1 = 0, // one-byte opcodes
    Legacy0F = 1,
    Legacy0F38 = 2,
    Legacy0F3A = 3,
    Vex0F = 4,
    Vex0F38 = 5,
    Vex0F3A = 6,
};

// What an instruction is, as far as the rules care.
enum class Kind : uint8_t {
    Normal,
    Nop,          // 90, 0F 1F /0, endbr64: may carry repeated 66 and a 2E/3E prefix
    Lea,          // 8D: has a ModRM memory form but does not access memory
    String,       // movs, stos, lods, scas, cmps, xlat, (v)maskmovdqu: implicit memory (R4)
    Jcc,          // 70-7F rel8, 0F 80-8F rel32
    Jmp,          // EB rel8, E9 rel32
    Call,         // E8 rel32
    JmpIndirect,  // FF /4
    CallIndirect, // FF /2
    Ret,          // C3, C2
};

// Immediate operand kinds.
enum class Imm : uint8_t {
    None,
    Ib,    // 1 byte
    Iw,    // 2 bytes
    Iz,    // 2 with 66, else 4
    Iv,    // 2 with 66, 8 with REX.W, else 4 (B8+r)
    Jb,    // rel8
    Jz,    // rel32 (rel16 with 66 on some processors; such branches are rejected)
    Moffs, // 8-byte absolute address (4 with 67)
    IwIb,  // enter: 3 bytes
};

// The allow-list entry an instruction decoded to (see validator/opcodes.inc).
struct OpEntry {
    uint8_t map;    // OpMap
    uint8_t opcode; // the opcode byte within the map
    uint8_t pfx;    // mask of allowed prefix classes: 1 none, 2 66, 4 F3, 8 F2
    uint8_t reg;    // required ModRM.reg (0-7) or 8 = any
    uint8_t mod;    // 0 no ModRM, 1 any, 2 memory only (mod != 3), 3 register only
    uint8_t rm;     // required ModRM.rm for register forms (0-7) or 8 = any
    Imm imm;
    uint8_t dst;      // which explicit GPR operand it writes (Dst below)
    uint8_t size;     // the size of that write (Size below)
    uint16_t flags;   // Flag bits below
    uint8_t implicit; // implicitly written GPRs (Implicit bits below)
    Kind kind;
    const char* name;
};

// OpEntry::dst: the GPR destination(s), for R5.
enum Dst : uint8_t {
    DstNone = 0,
    DstReg,     // ModRM.reg (+REX.R)
    DstRm,      // ModRM.rm (+REX.B), only when mod == 3
    DstRegRm,   // both (xchg, xadd)
    DstOpReg,   // low 3 opcode bits (+REX.B)
    DstOpRegAx, // low 3 opcode bits and rAX (xchg 91-97)
    DstVvvv,    // VEX.vvvv (blsr, blsmsk, blsi)
    DstRegVvvv, // ModRM.reg and VEX.vvvv (mulx)
};

// OpEntry::size: the operand size of the GPR write.
enum Size : uint8_t {
    SzNone = 0,
    SzB,    // 8-bit
    SzV,    // 16 with 66, 64 with REX.W, else 32
    SzDQ,   // 64 with REX.W (or VEX.W), else 32; 66 is not an operand-size prefix here
    SzV64,  // push/pop: 64, 16 with 66
    SzQ,    // always 64
    SzVexW, // 64 with VEX.W, else 32
};

// OpEntry::flags.
enum Flag : uint16_t {
    FForbid = 1 << 0,       // decodes, but is never allowed (R2-forbidden)
    FLock = 1 << 1,         // F0 allowed (with a memory operand)
    FOsz = 1 << 2,          // 66 is an operand-size prefix here (allowed)
    FRep = 1 << 3,          // F3 allowed as rep (string instructions)
    FRepne = 1 << 4,        // F2 allowed as repne (scas, cmps)
    FVexL0 = 1 << 5,        // VEX.L must be 0
    FVexL1 = 1 << 6,        // VEX.L must be 1
    FVexW0 = 1 << 7,        // VEX.W must be 0
    FVexW1 = 1 << 8,        // VEX.W must be 1
    FRspArbitrary = 1 << 9, // implicitly sets %rsp to an arbitrary value (leave): R5
    FInvalid64 = 1 << 10,   // invalid in 64-bit mode: the length is unknown, the bundle is skipped
    // Set by the decoder's table builder, not in opcodes.inc: kind Normal, Lea or Nop, and
    // none of FForbid, FRspArbitrary, FInvalid64 (see obviously_fine() in validator/rules.h).
    FPlain = 1 << 11,
};

// OpEntry::implicit.
enum Implicit : uint8_t {
    ImpAx = 1 << 0,
    ImpDx = 1 << 1,
    ImpCx = 1 << 2,
    ImpSp = 1 << 3, // push, pop, call, ret: a bounded change of %rsp (allowed by R5)
    ImpSi = 1 << 4,
    ImpDi = 1 << 5,
    ImpBx = 1 << 6,
};

// Prefix bits recorded by the decoder.
enum Prefix : uint16_t {
    P66 = 1 << 0,
    P67 = 1 << 1,
    PF2 = 1 << 2,
    PF3 = 1 << 3,
    PF0 = 1 << 4,
    PSegES = 1 << 5,  // 26
    PSegCS = 1 << 6,  // 2E
    PSegSS = 1 << 7,  // 36
    PSegDS = 1 << 8,  // 3E
    PSegFS = 1 << 9,  // 64
    PSegGS = 1 << 10, // 65
    PRex = 1 << 11,
    PVex = 1 << 12,
};

// One GPR write: register number 0-15 (with REX/VEX extension applied), size in
// bytes, and whether it is a legacy high-byte register (ah, ch, dh, bh: reg 0-3).
struct RegWrite {
    uint8_t reg = 0;
    uint8_t size = 0;
    bool high8 = false;
};

enum class DecodeStatus : uint8_t {
    Ok,
    Unknown,     // not in the allow-list tables, or an invalid encoding
    TooLong,     // more than 15 bytes
    Truncated,   // the buffer ends inside the instruction
    BadPrefix,   // prefix sequence the validator refuses (REX not last, REX before VEX, ...)
    Unsupported, // EVEX (AVX-512) or XOP: recognised, never allowed, length not computed
};

struct Insn {
    DecodeStatus status = DecodeStatus::Unknown;
    uint8_t length = 0;
    uint8_t num_prefixes = 0;     // legacy prefix bytes (not REX/VEX)
    uint8_t repeated_66 = 0;      // how many 66 bytes beyond the first
    bool repeated_prefix = false; // some prefix other than 66 appears twice
    uint16_t prefixes = 0;        // Prefix bits
    uint8_t rex = 0;              // the REX byte, or 0
    OpMap map = OpMap::Legacy1;
    uint8_t opcode = 0;
    bool has_modrm = false;
    uint8_t modrm = 0;
    bool has_sib = false;
    uint8_t sib = 0;
    bool has_memory = false; // explicit memory operand (ModRM mod != 3)
    uint8_t disp_size = 0;
    uint8_t imm_size = 0;
    uint8_t opcode_offset = 0; // offset of the opcode byte (after prefixes, REX, VEX)
    int64_t imm = 0;           // the immediate (sign-extended), or branch displacement
    // VEX fields (valid when prefixes & PVex)
    uint8_t vex_vvvv = 0; // register number 0-15 (already inverted)
    bool vex_l = false;
    bool vex_w = false;
    bool may_write_rsp = false; // an explicit destination is register 4 (%rsp or, maybe, %ah)
    uint8_t num_writes = 0;     // writes: by decode() and decode_into(), or compute_writes()
    RegWrite writes[2];
    const OpEntry* entry = nullptr; // set when status == Ok
    const char* error = nullptr;    // why, when status != Ok

    uint8_t mod() const { return modrm >> 6; }
    uint8_t reg() const { return (modrm >> 3) & 7; }
    uint8_t rm() const { return modrm & 7; }
    bool rex_w() const { return (rex & 8) != 0; }
    bool rex_r() const { return (rex & 4) != 0; }
    bool rex_b() const { return (rex & 1) != 0; }
    bool has(uint16_t prefix) const { return (prefixes & prefix) != 0; }
};

// Decodes one instruction from `bytes` (at most `size` bytes are read; up to 15 are
// needed). Never reads past `bytes + size`.
Insn decode(const uint8_t* bytes, size_t size);
// The same, into an existing Insn (which is reset first).
void decode_into(const uint8_t* bytes, size_t size, Insn& insn);
// Fills insn.writes and insn.num_writes of a decoded instruction (status Ok). The
// validator's linear pass decodes without them (validator/decoder_impl.h) and calls this
// only for the instructions whose rules need them.
void compute_writes(Insn& insn);

// The whole allow-list (for documentation, tests, and table checks).
const OpEntry* opcode_table(size_t* count);

} // namespace zvm::validator
