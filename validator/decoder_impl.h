// The decoder's implementation, inline: the tables built at compile time from
// validator/opcodes.inc and decode_local(), shared by validator/decoder.cpp (the public
// decode functions) and the validator's linear pass (validator/validator.cpp), which
// inlines it into its loop. Not an interface: use validator/decoder.h.
//
// The tables: a primary index per (map, opcode byte) pointing at the run of allow-list
// lines for that opcode, which are matched in order on (prefix class, ModRM.reg, mod, rm,
// VEX.L/W).
#pragma once

#include "validator/decoder.h"
#include "validator/rules.h"

#include <array>
#include <cstring>
#include <iterator>

namespace zvm::validator::decoder_impl {

// Names used by the lines of opcodes.inc.
namespace tbl {
constexpr uint8_t L1 = 0, L0F = 1, L38 = 2, L3A = 3, V0F = 4, V38 = 5, V3A = 6;
constexpr uint8_t NP = 1, X66 = 2, XF3 = 4, XF2 = 8;
constexpr uint8_t A = 8;
constexpr uint8_t NoM = 0, AnyM = 1, Mem = 2, Reg = 3;
constexpr Imm None = Imm::None, Ib = Imm::Ib, Iw = Imm::Iw, Iz = Imm::Iz, Iv = Imm::Iv,
              Jb = Imm::Jb, Jz = Imm::Jz, Moffs = Imm::Moffs, IwIb = Imm::IwIb;
constexpr Kind Normal = Kind::Normal, Nop = Kind::Nop, Lea = Kind::Lea, String = Kind::String,
               Jcc = Kind::Jcc, Jmp = Kind::Jmp, Call = Kind::Call, JmpIndirect = Kind::JmpIndirect,
               CallIndirect = Kind::CallIndirect, Ret = Kind::Ret;

#define OP(map, op, pfx, reg, mod, rm, imm, dst, size, flags, implicit, kind, name)                \
    OpEntry{map,                                                                                   \
            static_cast<uint8_t>(op),                                                              \
            static_cast<uint8_t>(pfx),                                                             \
            reg,                                                                                   \
            mod,                                                                                   \
            rm,                                                                                    \
            imm,                                                                                   \
            dst,                                                                                   \
            size,                                                                                  \
            static_cast<uint16_t>(flags),                                                          \
            static_cast<uint8_t>(implicit),                                                        \
            kind,                                                                                  \
            name},

constexpr OpEntry kEntries[] = {
#include "validator/opcodes.inc"
};
#undef OP
} // namespace tbl

inline constexpr size_t kMaps = 7;
inline constexpr size_t kMaxLength = 15;

struct Slot {
    uint16_t first = 0;
    uint8_t count = 0;
    uint8_t has_modrm = 0;
    // The only line for this opcode, and it constrains at most the prefix class,
    // ModRM.reg and mod (no rm, no VEX.L/W condition): most instructions.
    bool simple = false;
    // The immediate of this opcode and the ModRM.reg values that take it (0xFF: all), so
    // that the length is known before the line is chosen (F6 /0 and F7 /0 take one, the
    // rest of their group does not).
    Imm imm = Imm::None;
    uint8_t imm_regs = 0;
    // A group (80-83, C0-D3, F6/F7, FE/FF, ...): every line names its ModRM.reg, one line
    // per reg, no rm or VEX.L/W condition. Index + 1 into Tables::groups, or 0.
    uint8_t group = 0;
};

inline constexpr uint16_t kNoEntry = 0xFFFF;
inline constexpr size_t kMaxGroups = 64;

inline constexpr size_t kNumEntries = std::size(tbl::kEntries);

// Built at compile time: the entries sorted by (map, opcode), keeping file order within
// an opcode (a stable insertion sort), and the primary index.
struct Tables {
    std::array<OpEntry, kNumEntries> entries{};
    std::array<std::array<Slot, 256>, kMaps> slots{};
    std::array<std::array<uint16_t, 8>, kMaxGroups> groups{};
    size_t num_groups = 0;

    constexpr Tables() {
        for (size_t i = 0; i < kNumEntries; ++i)
            entries[i] = tbl::kEntries[i];
        auto key = [](const OpEntry& e) { return e.map * 256 + e.opcode; };
        for (size_t i = 1; i < kNumEntries; ++i) {
            const OpEntry e = entries[i];
            size_t j = i;
            for (; j > 0 && key(entries[j - 1]) > key(e); --j)
                entries[j] = entries[j - 1];
            entries[j] = e;
        }
        for (size_t i = 0; i < kNumEntries; ++i) {
            Slot& s = slots[entries[i].map][entries[i].opcode];
            if (s.count == 0) {
                s.first = static_cast<uint16_t>(i);
                s.has_modrm = entries[i].mod != tbl::NoM;
            }
            ++s.count;
        }
        for (size_t i = 0; i < kNumEntries; ++i) {
            const OpEntry& e = entries[i];
            Slot& s = slots[e.map][e.opcode];
            if (e.imm == Imm::None) continue;
            if (s.imm != Imm::None && s.imm != e.imm) throw "one opcode, two immediate kinds";
            s.imm = e.imm;
            s.imm_regs |= e.reg == tbl::A ? 0xFF : static_cast<uint8_t>(1u << e.reg);
        }
        for (size_t i = 0; i < kNumEntries; ++i) {
            const OpEntry& e = entries[i];
            const Slot& s = slots[e.map][e.opcode];
            const bool takes =
                s.imm_regs == 0xFF || (e.reg != tbl::A && ((s.imm_regs >> e.reg) & 1));
            if ((e.imm != Imm::None) != takes) throw "immediate depends on more than ModRM.reg";
        }
        for (auto& map : slots)
            for (Slot& s : map) {
                if (s.count < 2) continue;
                std::array<uint16_t, 8> g{};
                for (auto& x : g)
                    x = kNoEntry;
                bool ok = true;
                for (size_t k = s.first; k < s.first + s.count && ok; ++k) {
                    const OpEntry& e = entries[k];
                    ok = e.reg != tbl::A && e.rm == tbl::A && g[e.reg] == kNoEntry &&
                         !(e.flags & (FVexL0 | FVexL1 | FVexW0 | FVexW1));
                    if (ok) g[e.reg] = static_cast<uint16_t>(k);
                }
                if (!ok) continue;
                if (num_groups == kMaxGroups) throw "too many groups";
                groups[num_groups++] = g;
                s.group = static_cast<uint8_t>(num_groups);
            }
        // FPlain: what obviously_fine() needs to know about the line itself.
        for (OpEntry& e : entries)
            if ((e.kind == Kind::Normal || e.kind == Kind::Lea || e.kind == Kind::Nop) &&
                !(e.flags & (FForbid | FRspArbitrary | FInvalid64)))
                e.flags = static_cast<uint16_t>(e.flags | FPlain);
        for (auto& map : slots)
            for (Slot& s : map) {
                if (s.count != 1) continue;
                const OpEntry& e = entries[s.first];
                s.simple = e.rm == tbl::A && !(e.flags & (FVexL0 | FVexL1 | FVexW0 | FVexW1));
            }
    }
};

inline constexpr Tables kTables{};

// Legacy prefix bytes and the Prefix bit each sets (0 for every other byte).
constexpr uint16_t legacy_prefix_slow(uint8_t b) {
    switch (b) {
    case 0x66:
        return P66;
    case 0x67:
        return P67;
    case 0xF2:
        return PF2;
    case 0xF3:
        return PF3;
    case 0xF0:
        return PF0;
    case 0x26:
        return PSegES;
    case 0x2E:
        return PSegCS;
    case 0x36:
        return PSegSS;
    case 0x3E:
        return PSegDS;
    case 0x64:
        return PSegFS;
    case 0x65:
        return PSegGS;
    default:
        return 0;
    }
}

struct PrefixTable {
    uint16_t bit[256];
    constexpr PrefixTable() : bit() {
        for (int b = 0; b < 256; ++b)
            bit[b] = legacy_prefix_slow(static_cast<uint8_t>(b));
    }
};
inline constexpr PrefixTable kPrefix{};

inline uint16_t legacy_prefix(uint8_t b) {
    return kPrefix.bit[b];
}

// What a ModRM byte implies: SIB byte follows, displacement size, memory operand.
struct ModrmInfo {
    uint8_t sib[256];
    uint8_t disp[256];
    constexpr ModrmInfo() : sib(), disp() {
        for (int m = 0; m < 256; ++m) {
            const int mod = m >> 6, rm = m & 7;
            sib[m] = mod != 3 && rm == 4;
            disp[m] = mod == 1 ? 1 : mod == 2 ? 4 : (mod == 0 && rm == 5) ? 4 : 0;
        }
    }
};
inline constexpr ModrmInfo kModrm{};

// Immediate size by Imm kind and imm_index(): 66 present (bit 0), 67 present (bit 1),
// REX.W (bit 2). REX.W takes precedence over 66 (Iz, Iv, and rel32 branches); 67 shortens
// the moffs address.
struct ImmSizes {
    uint8_t len[9][8];
    constexpr ImmSizes() : len() {
        for (int k = 0; k < 9; ++k)
            for (int x = 0; x < 8; ++x) {
                const bool o = x & 1, a = x & 2, w = x & 4;
                const bool w16 = o && !w;
                uint8_t n = 0;
                switch (static_cast<Imm>(k)) {
                case Imm::None:
                    n = 0;
                    break;
                case Imm::Ib:
                case Imm::Jb:
                    n = 1;
                    break;
                case Imm::Iw:
                    n = 2;
                    break;
                case Imm::Iz:
                case Imm::Jz:
                    n = w16 ? 2 : 4;
                    break;
                case Imm::Iv:
                    n = w ? 8 : o ? 2 : 4;
                    break;
                case Imm::Moffs:
                    n = a ? 4 : 8;
                    break;
                case Imm::IwIb:
                    n = 3;
                    break;
                }
                len[k][x] = n;
            }
    }
};
inline constexpr ImmSizes kImmSize{};
static_assert(P66 == 1 && P67 == 2, "imm_index() uses the prefix bits directly");

inline unsigned imm_index(uint16_t prefixes, uint8_t rex) {
    return (prefixes & (P66 | P67)) | ((rex & 8) >> 1);
}

// The validator's fast path (validator.cpp): the most common shape of instruction, an
// optional 0x67, an optional REX and a one-byte opcode or 0F and a second byte, with what
// decode_local() and then obviously_fine() (validator/rules.h) would say about it
// precomputed per opcode, and the 32-bit writes of %esp that R5 allows (which
// obviously_fine() leaves to check_stack_pointer()). Any other shape (66, F2, F3, F0 or a segment
// prefix, VEX, 0F 38, 0F 3A, ...) and any case the table cannot decide take the full decoder.
// Conservative by construction: a bit is set only where the line decode_local() would choose is
// known from the opcode, ModRM.reg and mod alone; tests/validator/rules_test.cpp checks
// plain_length() against decode() and the rules on random bytes.
struct alignas(16) Quick { // 16 bytes: an index is a shift
    // The plain forms, one bit per ModRM.reg value (no ModRM: 0xFF or 0), in three bytes:
    // the register form (mod 3), the memory form without 0x67 (lea and nops, which access
    // nothing), and the memory form with 0x67.
    uint32_t forms = 0;
    uint8_t has_modrm = 0;
    uint8_t rsp = 0; // fields that name a destination: 1 ModRM.reg, 2 ModRM.rm, 4 opcode bits
    Imm imm = Imm::None;
    uint8_t imm_regs = 0;    // as Slot::imm_regs (0xFF without ModRM: always)
    uint8_t imm_len[4] = {}; // the immediate's size, by 0x67 (bit 0) and REX.W (bit 1)
    // Without any prefix: 1 a jcc/jmp, 2 a call (direct, allowed: the branch rules apply).
    uint8_t branch = 0;
    // The ModRM.reg values for which a 32-bit write of %esp is allowed (R5,
    // esp_write_opcode() in validator/rules.h): a destination naming register 4 is then
    // plain without REX.W.
    uint8_t esp_regs = 0;
};

struct QuickTables {
    Quick op[2][256]; // Legacy1, Legacy0F
    // The bytes after a ModRM byte before the immediate: SIB and displacement (0 for mod 3;
    // a SIB without base adds 4 more, see plain_length()).
    uint8_t modrm_len[256] = {};

    // Nops with 66 prefixes (and one 2E): 0F 1F /0 and 90 are plain nops in classes NP
    // and 66.
    bool nops = false;

    // The line decode_local() chooses for a legacy instruction of prefix class `cls` (NP,
    // or 66 without F2/F3) given ModRM.reg and whether mod is 3; kNoEntry if none;
    // `undecided` when ModRM.rm would decide.
    static constexpr uint16_t choose(const Tables& t, const Slot& s, uint8_t cls, unsigned r,
                                     bool regform, bool& undecided) {
        if (s.simple || s.group) {
            const uint16_t k = s.simple ? s.first : t.groups[s.group - 1][r];
            if (k == kNoEntry) return kNoEntry;
            const OpEntry& e = t.entries[k];
            const bool mod_ok = e.mod <= tbl::AnyM || (e.mod == tbl::Mem) == !regform;
            return (e.pfx & cls) && (e.reg == tbl::A || e.reg == r) && mod_ok ? k : kNoEntry;
        }
        for (unsigned k = s.first; k < s.first + s.count; ++k) {
            const OpEntry& e = t.entries[k];
            if (!(e.pfx & cls)) continue;
            if (e.mod != tbl::NoM) {
                if (e.mod == tbl::Mem && regform) continue;
                if (e.mod == tbl::Reg && !regform) continue;
                if (e.reg != tbl::A && e.reg != r) continue;
                if (e.rm != tbl::A) {
                    if (!regform) continue;
                    undecided = true;
                    return kNoEntry;
                }
            }
            // Not VEX: VEX.L and VEX.W read as 0.
            if (e.flags & (FVexL1 | FVexW1)) continue;
            return static_cast<uint16_t>(k);
        }
        return kNoEntry;
    }

    constexpr QuickTables() : op() {
        const Tables& t = kTables;
        for (unsigned m = 0; m < 2; ++m)
            for (unsigned b = 0; b < 256; ++b) {
                const Slot& s = t.slots[m][b];
                Quick& q = op[m][b];
                const auto byte = static_cast<uint8_t>(b);
                // Bytes the decoder reads as something other than a one-byte opcode here.
                if (m == 0 && (legacy_prefix_slow(byte) || (b & 0xF0) == 0x40 || b == 0x0F ||
                               b == 0xC4 || b == 0xC5 || b == 0x62 || b == 0x8F))
                    continue;
                if (m == 1 && (b == 0x38 || b == 0x3A)) continue;
                if (s.count == 0) continue;
                bool bad = false;
                for (unsigned k = s.first; k < s.first + s.count; ++k) {
                    switch (t.entries[k].dst) {
                    case DstNone:
                        break;
                    case DstReg:
                        q.rsp |= 1;
                        break;
                    case DstRm:
                        q.rsp |= 2;
                        break;
                    case DstRegRm:
                        q.rsp |= 3;
                        break;
                    case DstOpReg:
                    case DstOpRegAx:
                        q.rsp |= 4;
                        break;
                    default:
                        bad = true; // VEX.vvvv: not in these maps
                    }
                }
                // The decoder looks at the opcode's low bits only without ModRM, and at
                // ModRM.reg/rm only with it.
                if (bad || (s.has_modrm && (q.rsp & 4))) {
                    q = Quick{};
                    continue;
                }
                q.has_modrm = s.has_modrm;
                if (m == 0 && s.has_modrm)
                    for (unsigned r = 0; r < 8; ++r)
                        if (esp_write_opcode(byte, r)) q.esp_regs |= static_cast<uint8_t>(1u << r);
                q.imm = s.imm;
                q.imm_regs = s.has_modrm ? s.imm_regs : 0xFF;
                for (unsigned x = 0; x < 4; ++x)
                    q.imm_len[x] =
                        kImmSize.len[static_cast<int>(s.imm)][(x & 1 ? P67 : 0) | (x & 2 ? 4 : 0)];
                for (unsigned r = 0; r < 8; ++r)
                    for (unsigned regform = 0; regform < 2; ++regform) {
                        // Without ModRM the decoder sees ModRM 0: reg 0, a memory "form".
                        if (!s.has_modrm && (r != 0 || regform)) continue;
                        bool undecided = false;
                        const uint16_t k = choose(t, s, tbl::NP, r, regform, undecided);
                        if (undecided || k == kNoEntry) continue;
                        const OpEntry& e = t.entries[k];
                        if (!s.has_modrm && !(e.flags & FForbid) &&
                            (e.kind == Kind::Jcc || e.kind == Kind::Jmp || e.kind == Kind::Call) &&
                            (e.imm == Imm::Jb || e.imm == Imm::Jz))
                            q.branch = e.kind == Kind::Call ? 2 : 1;
                        if (!(e.flags & FPlain)) continue;
                        const auto bit = static_cast<uint8_t>(1u << r);
                        if (!s.has_modrm) {
                            q.forms = 0xFF;
                        } else if (regform) {
                            q.forms |= bit;
                        } else {
                            q.forms |= uint32_t{bit} << 16;
                            if (e.kind == Kind::Lea || e.kind == Kind::Nop)
                                q.forms |= uint32_t{bit} << 8;
                        }
                    }
            }
        for (unsigned m = 0; m < 0xC0; ++m)
            modrm_len[m] = static_cast<uint8_t>(kModrm.sib[m] + kModrm.disp[m]);
        nops = t.slots[1][0x1F].has_modrm && !t.slots[0][0x90].has_modrm &&
               t.slots[1][0x1F].imm == Imm::None && t.slots[0][0x90].imm == Imm::None;
        for (uint8_t cls : {tbl::NP, tbl::X66})
            for (unsigned regform = 0; regform < 2; ++regform) {
                bool undecided = false;
                const uint16_t k[2] = {choose(t, t.slots[1][0x1F], cls, 0, regform, undecided),
                                       choose(t, t.slots[0][0x90], cls, 0, false, undecided)};
                for (uint16_t x : k)
                    nops = nops && !undecided && x != kNoEntry && t.entries[x].kind == Kind::Nop &&
                           (t.entries[x].flags & FPlain) && t.entries[x].dst != DstRm &&
                           t.entries[x].dst != DstReg;
            }
    }
};
inline constexpr QuickTables kQuick{};

// The same per (map, opcode, ModRM byte): one table line says everything plain_length()
// needs, so that the common case is a few shifts and two loads. Rows of 256 lines, one per
// distinct Quick (most opcodes share theirs with others: add, or, and, sub, ... ), found
// through an index per opcode; row 0 is all zero (no plain form). A line, 32 bits:
//   bits 0-7    the length from the opcode byte on (opcode, ModRM, SIB, displacement,
//               immediate) without 0x67 before it; 0 if that form is not plain
//   bits 8-15   the same with 0x67, counting the 0x67; 0 if not plain
//   bits 16-23  the ways a destination may be %rsp, each failing for some REX bytes
//               (kRexFail): 1 ModRM.rm or the opcode's low bits name register 4 and REX.B
//               is missing; 4 ModRM.reg does and REX.R is missing; 2 and 8 the same for
//               a write of %esp that R5 allows, which fails only with REX.W (a write of
//               %rsp). Not plain when one fails
//   bit 24      a SIB byte may follow without a base register: 4 more when its base is 5
//   bit 25      REX.W makes the immediate 4 bytes longer (mov $imm64)
// Built at compile time from kQuick, line for line as the formula it replaces (see
// plain_line()); tests/validator/rules_test.cpp checks plain_length() against decode()
// and obviously_fine() on random bytes.
inline constexpr size_t kMaxPlainRows = 64;

struct PlainTables {
    uint8_t row[2][256] = {};
    uint32_t line[kMaxPlainRows][256] = {};
    size_t num_rows = 1;

    // The line for one Quick, ModRM byte, and whether the opcode's low bits are 4.
    static constexpr uint32_t plain_line(const Quick& q, unsigned modrm, bool op4) {
        const unsigned hm = q.has_modrm;
        const unsigned r = hm ? (modrm >> 3) & 7 : 0;
        const bool mem = hm && modrm < 0xC0;
        const bool imm_taken = (q.imm_regs >> r) & 1;
        uint32_t v = 0;
        // imm_len is indexed by 0x67 (bit 0) and REX.W (bit 1).
        const int w_adds = q.imm_len[2] - q.imm_len[0];
        if (q.imm_len[3] - q.imm_len[1] != w_adds || (w_adds != 0 && w_adds != 4))
            throw "REX.W changes an immediate otherwise than by 4 bytes";
        if (imm_taken && w_adds) v |= 1u << 25;
        for (unsigned a32 = 0; a32 < 2; ++a32) {
            const unsigned form = 8 * (mem ? 1 + a32 : 0);
            if (!((q.forms >> (form + r)) & 1)) continue;
            const unsigned imm = imm_taken ? q.imm_len[a32] : 0;
            const unsigned len = a32 + 1 + hm + (hm ? kQuick.modrm_len[modrm] : 0) + imm;
            v |= len << (8 * a32);
        }
        const bool esp_ok = (q.esp_regs >> r) & 1;
        if ((q.rsp & 1) && r == 4) v |= (esp_ok ? 8u : 4u) << 16;
        if ((q.rsp & 2) && hm && modrm >= 0xC0 && (modrm & 7) == 4) v |= (esp_ok ? 2u : 1u) << 16;
        if ((q.rsp & 4) && op4) v |= 1u << 16;
        if (hm && (modrm & 0xC7) == 0x04) v |= 1u << 24;
        return v;
    }

    static constexpr bool same(const Quick& a, const Quick& b) {
        for (unsigned x = 0; x < 4; ++x)
            if (a.imm_len[x] != b.imm_len[x]) return false;
        return a.forms == b.forms && a.has_modrm == b.has_modrm && a.rsp == b.rsp &&
               a.imm_regs == b.imm_regs && a.esp_regs == b.esp_regs;
    }

    constexpr PlainTables() {
        // The Quick and low-bits-are-4 of each row's first opcode.
        Quick key[kMaxPlainRows] = {};
        bool key_op4[kMaxPlainRows] = {};
        for (unsigned m = 0; m < 2; ++m)
            for (unsigned b = 0; b < 256; ++b) {
                const Quick& q = kQuick.op[m][b];
                if (q.forms == 0) continue; // row 0
                // The low bits matter only where a destination is in them.
                const bool op4 = (q.rsp & 4) && (b & 7) == 4;
                size_t k = 1;
                while (k < num_rows && !(same(key[k], q) && key_op4[k] == op4))
                    ++k;
                if (k == num_rows) {
                    if (num_rows == kMaxPlainRows) throw "too many plain rows";
                    key[k] = q;
                    key_op4[k] = op4;
                    for (unsigned modrm = 0; modrm < 256; ++modrm)
                        line[k][modrm] = plain_line(q, modrm, op4);
                    ++num_rows;
                }
                row[m][b] = static_cast<uint8_t>(k);
            }
    }
};
inline constexpr PlainTables kPlain{};

// The %rsp classes of a plain line (bits 16-23) that fail, by REX byte (0: none).
struct RexFail {
    uint8_t fail[0x50] = {};
    constexpr RexFail() {
        for (unsigned rex = 0; rex < 0x50; ++rex) {
            if (rex != 0 && rex < 0x40) continue;
            const bool w = rex & 8, r = rex & 4, b = rex & 1;
            fail[rex] = static_cast<uint8_t>((b ? 0 : 1) | (b || !w ? 0 : 2) | (r ? 0 : 4) |
                                             (r || !w ? 0 : 8));
        }
    }
};
inline constexpr RexFail kRexFail{};

// The length of the instruction at p if it has the shape above, decodes, and passes every
// rule without context (obviously_fine(), or an allowed write of %esp); otherwise 0. Reads at most
// 15 bytes (the caller guarantees them). Without branches on the bytes: they are unpredictable, and
// a mispredicted branch costs more than computing both sides.
[[gnu::always_inline]] inline unsigned plain_length(const uint8_t* p) {
    // One load of the first 8 bytes (which hold everything up to the SIB byte), then
    // shifts: the bytes' positions depend on the prefixes, and a chain of dependent loads
    // would be the loop's critical path. Conditions are 0 or 1 and combined with &, shifts
    // and one final select, which compilers keep free of branches (GCC 12: a cmov; 10%
    // fewer instructions than masking with -x and a select per prefix, callgrind).
    uint64_t x;
    std::memcpy(&x, p, 8);
    // Each prefix byte present: the next byte, by a shift of 8 bits or 0.
    const unsigned a32 = (x & 0xFF) == 0x67;
    x >>= a32 << 3;
    const unsigned is_rex = (x & 0xF0) == 0x40;
    const unsigned rex = x & 0xFF & -is_rex;
    x >>= is_rex << 3;
    const unsigned esc = (x & 0xFF) == 0x0F;
    x >>= esc << 3;
    // ModRM and SIB are taken whether the opcode has them or not (the line ignores them
    // when it has not).
    const uint32_t v = kPlain.line[kPlain.row[esc][x & 0xFF]][(x >> 8) & 0xFF];
    const unsigned sib_base5 = ((x >> 16) & 7) == 5;
    const unsigned len = (v >> (8 * a32)) & 0xFF;
    const unsigned extra = 4 * (((v >> 24) & sib_base5) + ((v >> 25) & (rex >> 3) & 1));
    const unsigned rsp = (v >> 16) & kRexFail.fail[rex];
    return ((len != 0) & (rsp == 0)) ? is_rex + esc + len + extra : 0;
}

// The length of a padding nop with 66 prefixes: 66... [2E] 0F 1F /0, or 66... 90 (up to six
// 66, as LLVM emits up to 15-byte nops); else 0. Reads at most 15 bytes.
[[gnu::always_inline]] inline unsigned nop_length(const uint8_t* p) {
    if (!kQuick.nops) return 0;
    unsigned i = 0;
    while (p[i] == 0x66 && i < 6)
        ++i;
    if (i == 0) return 0;
    if (p[i] == 0x90) return i + 1;
    i += p[i] == 0x2E;
    if (p[i] != 0x0F || p[i + 1] != 0x1F || (p[i + 2] & 0x38) != 0) return 0;
    const uint8_t modrm = p[i + 2];
    i += 3;
    if (modrm >= 0xC0) return i;
    unsigned disp = kModrm.disp[modrm];
    if (kModrm.sib[modrm] && (p[i++] & 7) == 5 && modrm < 0x40) disp = 4;
    return i + disp;
}

// A direct jcc, jmp or call with no prefix at all: its length, and its displacement and
// whether it is a call in `rel` and `call`; else 0. The branch rules (R8, R9) are the
// caller's.
[[gnu::always_inline]] inline unsigned branch_length(const uint8_t* p, int64_t& rel, bool& call) {
    const bool esc = p[0] == 0x0F;
    const Quick& q = kQuick.op[esc][p[esc]];
    if (!q.branch) return 0;
    call = q.branch == 2;
    const unsigned i = 1 + esc;
    if (q.imm == Imm::Jb) {
        rel = static_cast<int8_t>(p[i]);
        return i + 1;
    }
    int32_t v;
    std::memcpy(&v, p + i, 4);
    rel = v;
    return i + 4;
}

inline int64_t read_signed(const uint8_t* p, unsigned n) {
    switch (n) {
    case 1:
        return static_cast<int8_t>(p[0]);
    case 2: {
        int16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    case 4: {
        int32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    case 8: {
        int64_t v;
        std::memcpy(&v, p, 8);
        return v;
    }
    default:
        return 0;
    }
}

[[gnu::cold]] inline void fail(Insn& d, DecodeStatus status, const char* why) {
    d.status = status;
    d.error = why;
}

// The prefix class used to select an allow-list line: F2, else F3, else 66, else none.
inline uint8_t prefix_class(uint16_t prefixes) {
    if (prefixes & PF2) return tbl::XF2;
    if (prefixes & PF3) return tbl::XF3;
    if (prefixes & P66) return tbl::X66;
    return tbl::NP;
}

inline bool matches(const OpEntry& e, const Insn& d, uint8_t cls, bool vex) {
    if (!(e.pfx & cls)) return false;
    // An operand-size 66 next to a mandatory F2/F3 only where the line says so (crc32w).
    if (!vex && (cls == tbl::XF2 || cls == tbl::XF3) && (d.prefixes & P66) && !(e.flags & FOsz))
        return false;
    if (e.mod != tbl::NoM) {
        const uint8_t mod = d.mod();
        if (e.mod == tbl::Mem && mod == 3) return false;
        if (e.mod == tbl::Reg && mod != 3) return false;
        if (e.reg != tbl::A && e.reg != d.reg()) return false;
        if (e.rm != tbl::A && (mod != 3 || e.rm != d.rm())) return false;
    }
    if (e.flags & (FVexL0 | FVexL1 | FVexW0 | FVexW1)) {
        if ((e.flags & FVexL0) && d.vex_l) return false;
        if ((e.flags & FVexL1) && !d.vex_l) return false;
        if ((e.flags & FVexW0) && d.vex_w) return false;
        if ((e.flags & FVexW1) && !d.vex_w) return false;
    }
    return true;
}

[[gnu::always_inline]] inline uint8_t write_size(const OpEntry& e, const Insn& d) {
    switch (e.size) {
    case SzB:
        return 1;
    case SzV:
        return d.rex_w() ? 8 : ((d.prefixes & P66) && (e.flags & FOsz)) ? 2 : 4;
    case SzDQ:
        return d.rex_w() ? 8 : 4;
    case SzV64:
        return (d.prefixes & P66) ? 2 : 8;
    case SzQ:
        return 8;
    case SzVexW:
        return d.vex_w ? 8 : 4;
    default:
        return 0;
    }
}

[[gnu::always_inline]] inline void add_write(Insn& d, uint8_t reg, uint8_t size) {
    RegWrite w;
    w.reg = reg;
    w.size = size;
    // Without a REX prefix, byte registers 4-7 are ah, ch, dh, bh (bits 8-15 of 0-3).
    if (size == 1 && !(d.prefixes & PRex) && reg >= 4 && reg < 8) {
        w.reg = static_cast<uint8_t>(reg - 4);
        w.high8 = true;
    }
    d.writes[d.num_writes++] = w;
}

[[gnu::always_inline]] inline void fill_writes(Insn& d) {
    const OpEntry& e = *d.entry;
    if (e.dst == DstNone) return;
    const uint8_t size = write_size(e, d);
    const uint8_t reg = static_cast<uint8_t>(d.reg() | (d.rex_r() ? 8 : 0));
    const uint8_t rm = static_cast<uint8_t>(d.rm() | (d.rex_b() ? 8 : 0));
    const uint8_t opreg = static_cast<uint8_t>((d.opcode & 7) | (d.rex_b() ? 8 : 0));
    switch (e.dst) {
    case DstReg:
        add_write(d, reg, size);
        break;
    case DstRm:
        if (d.mod() == 3) add_write(d, rm, size);
        break;
    case DstRegRm:
        add_write(d, reg, size);
        if (d.mod() == 3) add_write(d, rm, size);
        break;
    case DstOpReg:
        add_write(d, opreg, size);
        break;
    case DstOpRegAx:
        if (opreg != 0) { // 90 without REX.B is nop
            add_write(d, opreg, size);
            add_write(d, 0, size);
        }
        break;
    case DstVvvv:
        add_write(d, d.vex_vvvv, size);
        break;
    case DstRegVvvv:
        add_write(d, reg, size);
        add_write(d, d.vex_vvvv, size);
        break;
    default:
        break;
    }
}

// The instruction ran out of bytes: truncated if the buffer ended, too long if 15 bytes
// were used.
[[gnu::cold, gnu::noinline]] inline void fail_short(Insn& d, size_t size) {
    if (size < kMaxLength)
        fail(d, DecodeStatus::Truncated, "the code ends inside the instruction");
    else
        fail(d, DecodeStatus::TooLong, "instruction longer than 15 bytes");
}

// Whether the instruction may write %rsp/%esp/%sp/%spl: one of its explicit destinations
// is register 4 (conservatively: %ah is register 4 too). Cheap, for obviously_fine().
[[gnu::always_inline]] inline bool may_write_rsp(const Insn& d) {
    const bool reg4 = (d.modrm & 0x38) == 0x20 && !d.rex_r();
    const bool rm4 = d.modrm >= 0xC0 && (d.modrm & 7) == 4 && !d.rex_b();
    switch (d.entry->dst) {
    case DstNone:
        return false;
    case DstReg:
        return reg4;
    case DstRm:
        return rm4;
    case DstRegRm:
        return reg4 || rm4;
    case DstOpReg:
    case DstOpRegAx: // the other operand, rAX, is never %rsp
        return (d.opcode & 7) == 4 && !d.rex_b();
    case DstVvvv:
        return d.vex_vvvv == 4;
    case DstRegVvvv:
        return reg4 || d.vex_vvvv == 4;
    default:
        return true;
    }
}

// The decoder proper, on an Insn that is a local of the caller: the code bytes are
// `const uint8_t*`, which may alias anything, so writing the fields of an Insn the compiler
// cannot prove distinct from them would force every field through memory.
// With kWrites, the GPRs written (Insn::writes) are computed too; the validator's hot
// loop leaves them to compute_writes() for the few instructions that need them.
template <bool kWrites>
[[gnu::always_inline]] inline void decode_local(const uint8_t* p, size_t size, Insn& d) {
    const Tables& t = kTables;
    const size_t n = size < kMaxLength ? size : kMaxLength;
    size_t i = 0;

    // 1. Legacy prefixes.
    if (n == 0) return fail_short(d, size);
    for (uint16_t bit; (bit = legacy_prefix(p[i])) != 0;) {
        if (d.prefixes & bit) {
            if (bit == P66)
                ++d.repeated_66;
            else
                d.repeated_prefix = true;
        }
        d.prefixes |= bit;
        ++d.num_prefixes;
        if (++i >= n) return fail_short(d, size);
    }
    if ((d.prefixes & PF2) && (d.prefixes & PF3))
        return fail(d, DecodeStatus::BadPrefix, "both F2 and F3 prefixes");

    // 2. REX, which must come last, right before the opcode.
    if ((p[i] & 0xF0) == 0x40) {
        d.rex = p[i];
        d.prefixes |= PRex;
        ++i;
        if (i >= n) return fail_short(d, size);
        if (legacy_prefix(p[i]) || (p[i] & 0xF0) == 0x40)
            return fail(d, DecodeStatus::BadPrefix,
                        "REX prefix is not the last prefix before the opcode");
    }

    // 3. Opcode: VEX, EVEX, or legacy with its escape bytes.
    uint8_t cls;
    bool vex = false;
    const uint8_t b = p[i];
    if (b == 0xC4 || b == 0xC5) {
        if (d.prefixes & PRex) return fail(d, DecodeStatus::BadPrefix, "REX prefix before VEX");
        if (d.prefixes & (P66 | PF2 | PF3 | PF0))
            return fail(d, DecodeStatus::BadPrefix, "66, F2, F3 or F0 prefix before VEX");
        vex = true;
        d.prefixes |= PVex;
        uint8_t pp;
        uint8_t r, x = 0, bb = 0, w = 0;
        if (b == 0xC5) {
            if (i + 2 >= n) return fail_short(d, size);
            const uint8_t b1 = p[i + 1];
            r = !(b1 & 0x80);
            d.vex_vvvv = static_cast<uint8_t>((~b1 >> 3) & 15);
            d.vex_l = (b1 & 4) != 0;
            pp = b1 & 3;
            d.map = OpMap::Vex0F;
            i += 2;
        } else {
            if (i + 3 >= n) return fail_short(d, size);
            const uint8_t b1 = p[i + 1], b2 = p[i + 2];
            r = !(b1 & 0x80);
            x = !(b1 & 0x40);
            bb = !(b1 & 0x20);
            switch (b1 & 0x1F) {
            case 1:
                d.map = OpMap::Vex0F;
                break;
            case 2:
                d.map = OpMap::Vex0F38;
                break;
            case 3:
                d.map = OpMap::Vex0F3A;
                break;
            default:
                return fail(d, DecodeStatus::Unknown, "reserved VEX opcode map");
            }
            w = (b2 & 0x80) != 0;
            d.vex_vvvv = static_cast<uint8_t>((~b2 >> 3) & 15);
            d.vex_l = (b2 & 4) != 0;
            pp = b2 & 3;
            i += 3;
        }
        d.vex_w = w;
        // REX-equivalent bits, so that register numbers extend the same way.
        d.rex = static_cast<uint8_t>(0x40 | (w << 3) | (r << 2) | (x << 1) | bb);
        static constexpr uint8_t kPpClass[4] = {tbl::NP, tbl::X66, tbl::XF3, tbl::XF2};
        cls = kPpClass[pp];
        d.opcode_offset = static_cast<uint8_t>(i);
        d.opcode = p[i++];
    } else if (b == 0x62) {
        return fail(d, DecodeStatus::Unsupported, "EVEX (AVX-512) instructions are not allowed");
    } else {
        cls = prefix_class(d.prefixes);
        d.opcode_offset = static_cast<uint8_t>(i);
        ++i;
        if (b == 0x0F) {
            if (i >= n) return fail_short(d, size);
            const uint8_t b2 = p[i++];
            if (b2 == 0x38 || b2 == 0x3A) {
                if (i >= n) return fail_short(d, size);
                d.map = b2 == 0x38 ? OpMap::Legacy0F38 : OpMap::Legacy0F3A;
                d.opcode = p[i++];
            } else {
                d.map = OpMap::Legacy0F;
                d.opcode = b2;
            }
        } else {
            d.map = OpMap::Legacy1;
            d.opcode = b;
            if (b == 0x8F && i < n && (p[i] & 0x38) != 0)
                return fail(d, DecodeStatus::Unsupported, "XOP instructions are not allowed");
        }
    }

    const Slot& slot = t.slots[static_cast<size_t>(d.map)][d.opcode];
    if (slot.count == 0) return fail(d, DecodeStatus::Unknown, "unknown or unlisted opcode");

    // 4. ModRM, SIB, displacement.
    if (slot.has_modrm) {
        if (i >= n) return fail_short(d, size);
        d.has_modrm = true;
        d.modrm = p[i++];
        if (d.modrm < 0xC0) {
            d.has_memory = true;
            d.disp_size = kModrm.disp[d.modrm];
            if (kModrm.sib[d.modrm]) {
                if (i >= n) return fail_short(d, size);
                d.has_sib = true;
                d.sib = p[i++];
                // SIB with no base register (base 101 and mod 00): disp32.
                if ((d.sib & 7) == 5 && d.modrm < 0x40) d.disp_size = 4;
            }
        }
    }

    // 5. Immediate and length, from the opcode alone (before the line is chosen, so that
    // the next instruction's decoding does not wait for it).
    const bool takes_imm = !slot.has_modrm || ((slot.imm_regs >> d.reg()) & 1);
    const Imm imm_kind = takes_imm ? slot.imm : Imm::None;
    d.imm_size = kImmSize.len[static_cast<int>(imm_kind)][imm_index(d.prefixes, d.rex)];
    const size_t total = i + d.disp_size + d.imm_size;
    if (total > kMaxLength)
        return fail(d, DecodeStatus::TooLong, "instruction longer than 15 bytes");
    if (total > size)
        return fail(d, DecodeStatus::Truncated, "the code ends inside the instruction");
    d.length = static_cast<uint8_t>(total);

    // 6. The allow-list line.
    const OpEntry* e = nullptr;
    if (slot.simple || slot.group) {
        // One candidate line: the only one, or the group's line for this ModRM.reg.
        const uint16_t k = slot.simple ? slot.first : t.groups[slot.group - 1][d.reg()];
        if (k != kNoEntry) {
            const OpEntry& only = t.entries[k];
            const bool mod_ok = only.mod <= tbl::AnyM || (only.mod == tbl::Mem) == (d.modrm < 0xC0);
            if ((only.pfx & cls) && (only.reg == tbl::A || only.reg == d.reg()) && mod_ok &&
                (vex || !(cls & (tbl::XF2 | tbl::XF3)) || !(d.prefixes & P66) ||
                 (only.flags & FOsz)))
                e = &only;
        }
    } else {
        for (unsigned k = 0; k < slot.count; ++k) {
            const OpEntry& cand = t.entries[slot.first + k];
            if (matches(cand, d, cls, vex)) {
                e = &cand;
                break;
            }
        }
    }
    if (!e) return fail(d, DecodeStatus::Unknown, "unknown or unlisted instruction form");
    d.entry = e;

    if (d.imm_size) d.imm = read_signed(p + i + d.disp_size, d.imm_size == 3 ? 2 : d.imm_size);

    // 7. Registers written.
    d.may_write_rsp = may_write_rsp(d);
    if (kWrites) fill_writes(d);
    d.status = DecodeStatus::Ok;
}

} // namespace zvm::validator::decoder_impl
