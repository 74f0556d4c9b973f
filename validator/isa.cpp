#include "validator/isa.h"

#include <cstring>

namespace zvm::validator {
namespace {

bool in(uint8_t op, uint8_t first, uint8_t last) {
    return op >= first && op <= last;
}

// The legacy (non-VEX) prefix class that selects the line: F2, else F3, else 66, else none.
enum class Cls { None, P66, F3, F2 };
Cls legacy_class(const Insn& d) {
    if (d.has(PF2)) return Cls::F2;
    if (d.has(PF3)) return Cls::F3;
    if (d.has(P66)) return Cls::P66;
    return Cls::None;
}

uint32_t legacy_0f(const Insn& d) {
    const Cls c = legacy_class(d);
    switch (d.opcode) {
    case 0x12: // movsldup (F3), movddup (F2)
        return c == Cls::F3 || c == Cls::F2 ? kIsaSse3 : 0;
    case 0x16: // movshdup
        return c == Cls::F3 ? kIsaSse3 : 0;
    case 0x7C: // haddpd/haddps
    case 0x7D: // hsubpd/hsubps
    case 0xD0: // addsubpd/addsubps
        return c == Cls::P66 || c == Cls::F2 ? kIsaSse3 : 0;
    case 0xF0: // lddqu
        return c == Cls::F2 ? kIsaSse3 : 0;
    case 0xB8:
        return c == Cls::F3 ? kIsaPopcnt : 0;
    // F3 0F BC (tzcnt) is not counted: without BMI1 it runs as bsf, which gives the same
    // result for a non-zero operand, and compilers emit it for x86-64 as `rep bsf`.
    case 0xBD: // lzcnt (without F3: bsr)
        return c == Cls::F3 ? kIsaLzcnt : 0;
    default:
        return 0;
    }
}

uint32_t legacy_0f38(const Insn& d) {
    const uint8_t op = d.opcode;
    if (in(op, 0x00, 0x0B) || in(op, 0x1C, 0x1E)) return kIsaSsse3;
    if (op == 0x37) return kIsaSse42; // pcmpgtq
    if (op == 0x10 || in(op, 0x14, 0x15) || op == 0x17 || in(op, 0x20, 0x25) ||
        in(op, 0x28, 0x2B) || in(op, 0x30, 0x35) || in(op, 0x38, 0x41))
        return kIsaSse41;
    if (in(op, 0xDB, 0xDF)) return kIsaAes;
    if (op == 0xF0 || op == 0xF1) return legacy_class(d) == Cls::F2 ? kIsaSse42 : kIsaMovbe;
    return 0;
}

uint32_t legacy_0f3a(const Insn& d) {
    const uint8_t op = d.opcode;
    if (op == 0x0F) return kIsaSsse3; // palignr
    if (in(op, 0x08, 0x0E) || in(op, 0x14, 0x17) || in(op, 0x20, 0x22) || in(op, 0x40, 0x42))
        return kIsaSse41;
    if (op == 0x44) return kIsaPclmul;
    if (in(op, 0x60, 0x63)) return kIsaSse42;
    if (op == 0xDF) return kIsaAes;
    return 0;
}

// VEX forms whose 256-bit (VEX.L = 1) version is an AVX2 integer instruction.
bool avx2_when_wide(OpMap map, uint8_t op) {
    switch (map) {
    case OpMap::Vex0F:
        return in(op, 0x60, 0x6D) || in(op, 0x70, 0x76) || in(op, 0xD1, 0xD5) || op == 0xD7 ||
               in(op, 0xD8, 0xDF) || in(op, 0xE0, 0xE5) || in(op, 0xE8, 0xEF) ||
               in(op, 0xF1, 0xF6) || in(op, 0xF8, 0xFE);
    case OpMap::Vex0F38:
        return in(op, 0x00, 0x0B) || in(op, 0x1C, 0x1E) || in(op, 0x20, 0x25) ||
               in(op, 0x28, 0x2B) || in(op, 0x30, 0x35) || in(op, 0x37, 0x40);
    case OpMap::Vex0F3A:
        return op == 0x0E || op == 0x0F || op == 0x42 || op == 0x4C;
    default:
        return false;
    }
}

// VEX forms that are AVX2 at any length.
bool avx2_always(const Insn& d) {
    const uint8_t op = d.opcode;
    if (d.map == OpMap::Vex0F38)
        return op == 0x16 || op == 0x36 || in(op, 0x45, 0x47) || in(op, 0x58, 0x5A) || op == 0x78 ||
               op == 0x79 || op == 0x8C || op == 0x8E || in(op, 0x90, 0x93) ||
               ((op == 0x18 || op == 0x19) && d.mod() == 3); // vbroadcastss/sd from a register
    if (d.map == OpMap::Vex0F3A)
        return in(op, 0x00, 0x02) || op == 0x38 || op == 0x39 || op == 0x46;
    return false;
}

uint32_t vex(const Insn& d) {
    const uint8_t op = d.opcode;
    // The BMI instructions: general registers only, no AVX state.
    if (d.map == OpMap::Vex0F38 && in(op, 0xF0, 0xF7)) {
        if (op == 0xF2 || op == 0xF3) return kIsaBmi1; // andn; blsr, blsmsk, blsi
        if (op == 0xF7 && d.entry != nullptr && std::strcmp(d.entry->name, "bextr") == 0)
            return kIsaBmi1;
        return kIsaBmi2; // bzhi, pext, pdep, mulx, shlx, sarx, shrx
    }
    if (d.map == OpMap::Vex0F3A && op == 0xF0) return kIsaBmi2; // rorx
    uint32_t set = kIsaAvx;
    if (d.map == OpMap::Vex0F38 && in(op, 0x96, 0xBF)) set |= kIsaFma;
    if ((d.map == OpMap::Vex0F38 && op == 0x13) || (d.map == OpMap::Vex0F3A && op == 0x1D))
        set |= kIsaF16c;
    if ((d.map == OpMap::Vex0F38 && in(op, 0xDB, 0xDF)) || (d.map == OpMap::Vex0F3A && op == 0xDF))
        set |= kIsaAes;
    if (d.map == OpMap::Vex0F3A && op == 0x44) set |= kIsaPclmul;
    if (avx2_always(d) || (d.vex_l && avx2_when_wide(d.map, op))) set |= kIsaAvx2;
    return set;
}

} // namespace

uint32_t isa_of(const Insn& d) {
    switch (d.map) {
    case OpMap::Legacy1:
        return 0;
    case OpMap::Legacy0F:
        return legacy_0f(d);
    case OpMap::Legacy0F38:
        return legacy_0f38(d);
    case OpMap::Legacy0F3A:
        return legacy_0f3a(d);
    case OpMap::Vex0F:
    case OpMap::Vex0F38:
    case OpMap::Vex0F3A:
        return vex(d);
    }
    return 0;
}

const char* isa_name(uint32_t bit) {
    switch (bit) {
    case kIsaSse3:
        return "sse3";
    case kIsaSsse3:
        return "ssse3";
    case kIsaSse41:
        return "sse4_1";
    case kIsaSse42:
        return "sse4_2";
    case kIsaPopcnt:
        return "popcnt";
    case kIsaLzcnt:
        return "lzcnt";
    case kIsaBmi1:
        return "bmi1";
    case kIsaBmi2:
        return "bmi2";
    case kIsaAes:
        return "aes";
    case kIsaPclmul:
        return "pclmulqdq";
    case kIsaAvx:
        return "avx";
    case kIsaAvx2:
        return "avx2";
    case kIsaFma:
        return "fma";
    case kIsaF16c:
        return "f16c";
    case kIsaMovbe:
        return "movbe";
    }
    return "?";
}

std::string isa_names(uint32_t set) {
    std::string out;
    for (int i = 0; i < kIsaBitCount; ++i) {
        if (!(set & (1u << i))) continue;
        if (!out.empty()) out += ' ';
        out += isa_name(1u << i);
    }
    return out;
}

} // namespace zvm::validator
