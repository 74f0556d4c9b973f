// Decoder unit tests: lengths, memory operands and GPR writes of hand-picked encodings.
#include "validator/decoder.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace zvm::validator {
namespace {

struct LengthCase {
    std::vector<uint8_t> bytes;
    int length;  // expected length; 0 = must not decode
    bool memory; // explicit memory operand
    const char* what;
};

std::string hex(const std::vector<uint8_t>& b) {
    std::string s;
    char buf[4];
    for (uint8_t x : b) {
        snprintf(buf, sizeof buf, "%02x ", x);
        s += buf;
    }
    return s;
}

const LengthCase kLengths[] = {
    {{0x90}, 1, false, "nop"},
    {{0x66, 0x90}, 2, false, "xchg ax,ax"},
    {{0x0F, 0x1F, 0x00}, 3, true, "nopl (%rax)"},
    {{0x0F, 0x1F, 0x44, 0x00, 0x00}, 5, true, "nopl 0(%rax,%rax)"},
    {{0x66, 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0, 0, 0, 0, 0}, 11, true, "11-byte nop"},
    {{0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0, 0, 0, 0, 0},
     15,
     true,
     "15-byte nop"},
    {{0x67, 0x8B, 0x00}, 3, true, "mov (%eax),%eax"},
    {{0x8B, 0x04, 0x25, 0x00, 0xF0, 0x01, 0x00}, 7, true, "mov 0x1f000,%eax (SIB, no base)"},
    {{0x67, 0x48, 0x8B, 0x04, 0x25, 0x00, 0xF0, 0x01, 0x00}, 9, true, "tp load"},
    {{0x8B, 0x05, 1, 2, 3, 4}, 6, true, "rip-relative"},
    {{0x8B, 0x44, 0x24, 0x08}, 4, true, "disp8 with SIB"},
    {{0x8B, 0x84, 0x24, 1, 2, 3, 4}, 7, true, "disp32 with SIB"},
    {{0x41, 0x8B, 0x45, 0x00}, 4, true, "mov 0(%r13): r13 base needs disp8"},
    {{0x41, 0x8B, 0x04, 0x24}, 4, true, "mov (%r12): r12 base needs SIB"},
    {{0x89, 0xC4}, 2, false, "mov %eax,%esp"},
    {{0xB8, 1, 2, 3, 4}, 5, false, "mov $imm32"},
    {{0x66, 0xB8, 1, 2}, 4, false, "mov $imm16"},
    {{0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8}, 10, false, "movabs $imm64"},
    {{0x66, 0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8}, 11, false, "66 REX.W movabs: REX.W wins"},
    {{0x81, 0xC0, 1, 2, 3, 4}, 6, false, "add $imm32"},
    {{0x66, 0x81, 0xC0, 1, 2}, 5, false, "add $imm16"},
    {{0x48, 0x81, 0xC0, 1, 2, 3, 4}, 7, false, "add $imm32 (REX.W)"},
    {{0x83, 0xC0, 0x01}, 3, false, "add $imm8"},
    {{0x66, 0x83, 0xC0, 0x01}, 4, false, "add $imm8 (16-bit)"},
    {{0xF6, 0xC0, 0x01}, 3, false, "test $imm8,%al"},
    {{0xF7, 0xC0, 1, 2, 3, 4}, 6, false, "test $imm32,%eax"},
    {{0x66, 0xF7, 0xC0, 1, 2}, 5, false, "test $imm16,%ax"},
    {{0xF7, 0xD8}, 2, false, "neg %eax (no imm)"},
    {{0x67, 0xC7, 0x44, 0x24, 0x04, 0, 0, 0, 0}, 9, true, "movl $0,4(%esp)"},
    {{0x67, 0x66, 0xC7, 0x00, 1, 2}, 6, true, "movw $imm16,(%eax)"},
    {{0x69, 0xC0, 1, 2, 3, 4}, 6, false, "imul $imm32"},
    {{0x6B, 0xC0, 1}, 3, false, "imul $imm8"},
    {{0x68, 1, 2, 3, 4}, 5, false, "push $imm32"},
    {{0x6A, 1}, 2, false, "push $imm8"},
    {{0xE8, 0, 0, 0, 0}, 5, false, "call rel32"},
    {{0xE9, 0, 0, 0, 0}, 5, false, "jmp rel32"},
    {{0xEB, 0}, 2, false, "jmp rel8"},
    {{0x74, 0}, 2, false, "je rel8"},
    {{0x0F, 0x84, 0, 0, 0, 0}, 6, false, "je rel32"},
    {{0x66, 0xE9, 0, 0}, 4, false, "16-bit jmp (decoded, rejected by the rules)"},
    {{0xC3}, 1, false, "ret"},
    {{0xC2, 8, 0}, 3, false, "ret $8"},
    {{0xC8, 16, 0, 0}, 4, false, "enter"},
    {{0xA1, 1, 2, 3, 4, 5, 6, 7, 8}, 9, false, "moffs load (8-byte address)"},
    {{0x67, 0xA1, 1, 2, 3, 4}, 6, false, "moffs load with 67 (4-byte address)"},
    {{0xFF, 0xE0}, 2, false, "jmp *%rax"},
    {{0x41, 0xFF, 0xD3}, 3, false, "call *%r11"},
    {{0x67, 0xFF, 0x20}, 3, true, "jmp *(%eax)"},
    {{0x0F, 0x05}, 2, false, "syscall"},
    {{0x0F, 0xA2}, 2, false, "cpuid"},
    {{0x0F, 0x31}, 2, false, "rdtsc"},
    {{0xCD, 0x80}, 2, false, "int $0x80"},
    {{0x0F, 0xBA, 0xE0, 3}, 4, false, "bt $3,%eax"},
    {{0x67, 0x0F, 0xBA, 0x20, 3}, 5, true, "bt $3,(%eax)"},
    {{0x0F, 0xA4, 0xC0, 3}, 4, false, "shld $3"},
    {{0x0F, 0xA5, 0xC0}, 3, false, "shld %cl"},
    {{0xF3, 0x0F, 0xB8, 0xC0}, 4, false, "popcnt"},
    {{0x66, 0xF3, 0x0F, 0xB8, 0xC0}, 5, false, "popcnt 16-bit"},
    {{0xF2, 0x0F, 0x38, 0xF1, 0xC1}, 5, false, "crc32l"},
    {{0x66, 0xF2, 0x0F, 0x38, 0xF1, 0xC1}, 6, false, "crc32w"},
    {{0xF2, 0x48, 0x0F, 0x38, 0xF1, 0xC1}, 6, false, "crc32q"},
    {{0x67, 0x0F, 0x38, 0xF0, 0x08}, 5, true, "movbe (%eax),%ecx"},
    {{0x66, 0x0F, 0x3A, 0x0F, 0xC1, 4}, 6, false, "palignr $4"},
    {{0x66, 0x0F, 0x3A, 0x16, 0xC0, 1}, 6, false, "pextrd $1,%xmm0,%eax"},
    {{0x66, 0x0F, 0x70, 0xC1, 0x1B}, 5, false, "pshufd"},
    {{0x66, 0x0F, 0x73, 0xD8, 4}, 5, false, "psrldq $4"},
    {{0x0F, 0xC2, 0xC1, 1}, 4, false, "cmpltps"},
    {{0x0F, 0x28, 0xC1}, 3, false, "movaps"},
    {{0xF3, 0x0F, 0x10, 0x44, 0x24, 0x08}, 6, true, "movss 8(%rsp)"},
    {{0xC5, 0xF8, 0x77}, 3, false, "vzeroupper"},
    {{0xC5, 0xFC, 0x28, 0xC1}, 4, false, "vmovaps %ymm1,%ymm0"},
    {{0x67, 0xC5, 0xFE, 0x6F, 0x00}, 5, true, "vmovdqu (%eax),%ymm0"},
    {{0xC4, 0xE3, 0xFD, 0x00, 0xC1, 0x4E}, 6, false, "vpermq $0x4e"},
    {{0xC4, 0xE2, 0x75, 0xB8, 0xD0}, 5, false, "vfmadd231ps"},
    {{0xC4, 0xE3, 0x6D, 0x4C, 0xD9, 0x00}, 6, false, "vpblendvb (is4)"},
    {{0xC4, 0xE2, 0x78, 0xF3, 0xC8}, 5, false, "blsr"},
    {{0xC4, 0xE3, 0x7B, 0xF0, 0xC8, 5}, 6, false, "rorx $5"},
    {{0x67, 0xC4, 0xE2, 0x7D, 0x58, 0x00}, 6, true, "vpbroadcastd (%eax)"},
    {{0xD9, 0xE8}, 2, false, "fld1"},
    {{0x67, 0xDD, 0x00}, 3, true, "fldl (%eax)"},
    {{0xDF, 0xE0}, 2, false, "fnstsw %ax"},
    {{0x67, 0xF3, 0xA4}, 3, false, "addr32 rep movsb"},
    {{0x48, 0xA5}, 2, false, "movsq"},
    {{0xF0, 0x67, 0x0F, 0xC7, 0x0F}, 5, true, "lock cmpxchg8b (%edi)"},
    {{0xF3, 0x0F, 0x1E, 0xFA}, 4, false, "endbr64"},
    {{0x0F, 0xAE, 0xE8}, 3, false, "lfence"},
    // Things that must not decode.
    {{0x62, 0xF1, 0x74, 0x48, 0x58, 0xD0}, 0, false, "EVEX"},
    {{0x8F, 0xE9, 0x78, 0x80, 0xC0}, 0, false, "XOP"},
    {{0x48, 0x67, 0x8B, 0x00}, 0, false, "REX before 67"},
    {{0x48, 0x48, 0x89, 0xC0}, 0, false, "two REX"},
    {{0x40, 0xC5, 0xF8, 0x77}, 0, false, "REX before VEX"},
    {{0xF2, 0xC5, 0xF8, 0x77}, 0, false, "F2 before VEX"},
    {{0x0F, 0x0F, 0xC0, 0x9E}, 0, false, "3DNow"},
    {{0x0F, 0xFC, 0xC8}, 0, false, "MMX paddb"},
    {{0x0F, 0x77}, 0, false, "emms"},
    {{0x8D, 0xC0}, 0, false, "lea with register operand"},
    {{0x37}, 0, false, "aaa (invalid in 64-bit mode)"},
    {{0x0F, 0x19, 0x00}, 0, false, "hint nop 0F 19"},
    {{0x0F, 0x1F, 0xC8}, 0, false, "0F 1F /1"},
    {{0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
      0x90},
     0,
     false,
     "16 bytes"},
    {{0x67, 0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8, 0x66, 0x66, 0x66, 0x66},
     11,
     false,
     "prefix bytes after the instruction are not part of it"},
    {{0x8B}, 0, false, "truncated: no ModRM"},
    {{0x8B, 0x04}, 0, false, "truncated: no SIB"},
    {{0x8B, 0x05, 0, 0}, 0, false, "truncated: short disp32"},
    {{0xB8, 1, 2}, 0, false, "truncated: short imm32"},
    {{0xC4, 0xE2}, 0, false, "truncated VEX3"},
};

TEST(Decoder, LengthsAndMemoryOperands) {
    for (const LengthCase& c : kLengths) {
        const Insn d = decode(c.bytes.data(), c.bytes.size());
        SCOPED_TRACE(std::string(c.what) + ": " + hex(c.bytes));
        if (c.length == 0) {
            const bool rejected = d.status != DecodeStatus::Ok;
            EXPECT_TRUE(rejected);
            continue;
        }
        ASSERT_EQ(d.status, DecodeStatus::Ok) << (d.error ? d.error : "");
        EXPECT_EQ(d.length, c.length);
        EXPECT_EQ(d.has_memory, c.memory);
    }
}

TEST(Decoder, NeverReadsPastTheBuffer) {
    // Every prefix of a long instruction is truncated, never a different instruction.
    const std::vector<uint8_t> full = {0x67, 0x48, 0xC7, 0x84, 0x24, 1, 2, 3, 4, 5, 6, 7, 8};
    for (size_t n = 0; n < full.size(); ++n) {
        std::vector<uint8_t> buf(full.begin(), full.begin() + n);
        const Insn d = decode(buf.data(), buf.size());
        EXPECT_NE(d.status, DecodeStatus::Ok) << n;
    }
    EXPECT_EQ(decode(full.data(), full.size()).length, full.size());
}

struct WriteCase {
    std::vector<uint8_t> bytes;
    std::set<std::pair<int, int>> writes; // (register, size in bytes); high-byte regs as -1-reg
    const char* what;
};

const WriteCase kWrites[] = {
    {{0x89, 0xC4}, {{4, 4}}, "mov %eax,%esp"},
    {{0x48, 0x89, 0xC4}, {{4, 8}}, "mov %rax,%rsp"},
    {{0x66, 0x89, 0xC4}, {{4, 2}}, "mov %ax,%sp"},
    {{0x67, 0x89, 0x04, 0x24}, {}, "mov %eax,(%esp): memory destination"},
    {{0x8B, 0xE0}, {{4, 4}}, "mov %eax,%esp (8B form)"},
    {{0x44, 0x8B, 0xE0}, {{12, 4}}, "mov %eax,%r12d: REX.R"},
    {{0x41, 0x89, 0xC4}, {{12, 4}}, "mov %eax,%r12d: REX.B"},
    {{0xB4, 0x01}, {{-1, 1}}, "mov $1,%ah: no REX, register 4 is ah"},
    {{0x40, 0xB4, 0x01}, {{4, 1}}, "mov $1,%spl"},
    {{0x41, 0xB4, 0x01}, {{12, 1}}, "mov $1,%r12b"},
    {{0x88, 0xE0}, {{0, 1}}, "mov %ah,%al"},
    {{0x5C}, {{4, 8}}, "pop %rsp"},
    {{0x41, 0x5C}, {{12, 8}}, "pop %r12"},
    {{0x94}, {{4, 4}, {0, 4}}, "xchg %eax,%esp"},
    {{0x90}, {}, "nop"},
    {{0x41, 0x90}, {{8, 4}, {0, 4}}, "xchg %eax,%r8d"},
    {{0xF3, 0x90}, {}, "pause"},
    // The processor runs F3 with REX.B as the xchg (checked on hardware), not as pause.
    {{0xF3, 0x41, 0x90}, {{8, 4}, {0, 4}}, "rep xchg %eax,%r8d"},
    {{0x87, 0xE0}, {{4, 4}, {0, 4}}, "xchg %esp,%eax"},
    {{0x0F, 0xC1, 0xC4}, {{0, 4}, {4, 4}}, "xadd %eax,%esp"},
    {{0x0F, 0x44, 0xE0}, {{4, 4}}, "cmove %eax,%esp"},
    {{0x0F, 0x94, 0xC4}, {{-1, 1}}, "sete %ah"},
    {{0x40, 0x0F, 0x94, 0xC4}, {{4, 1}}, "sete %spl"},
    {{0x0F, 0xCC}, {{4, 4}}, "bswap %esp"},
    {{0x8D, 0x64, 0x24, 0x08}, {{4, 4}}, "lea 8(%rsp),%esp"},
    {{0x83, 0xC4, 0x08}, {{4, 4}}, "add $8,%esp"},
    {{0x83, 0xFC, 0x08}, {}, "cmp $8,%esp"},
    {{0x85, 0xE4}, {}, "test %esp,%esp"},
    {{0xF7, 0xE4}, {}, "mul %esp: implicit rax/rdx only"},
    {{0xC4, 0xE2, 0x58, 0xF3, 0xC8}, {{4, 4}}, "blsr %eax,%esp (vvvv)"},
    {{0xC4, 0xE2, 0xD8, 0xF3, 0xC8}, {{4, 8}}, "blsr %rax,%rsp (VEX.W)"},
    {{0xC4, 0xE2, 0x73, 0xF6, 0xE0}, {{4, 4}, {1, 4}}, "mulx %eax,%ecx,%esp"},
    {{0xC4, 0xE3, 0x7B, 0xF0, 0xE0, 1}, {{4, 4}}, "rorx $1,%eax,%esp"},
    {{0x66, 0x0F, 0x7E, 0xC4}, {{4, 4}}, "movd %xmm0,%esp"},
    {{0x66, 0x48, 0x0F, 0x7E, 0xC4}, {{4, 8}}, "movq %xmm0,%rsp"},
    {{0x66, 0x0F, 0x6E, 0xE0}, {}, "movd %eax,%xmm4: xmm destination"},
    {{0x66, 0x0F, 0xD7, 0xE0}, {{4, 4}}, "pmovmskb %xmm0,%esp"},
    {{0xF2, 0x0F, 0x2C, 0xE0}, {{4, 4}}, "cvttsd2si %xmm0,%esp"},
    {{0x0F, 0x58, 0xE4}, {}, "addps %xmm4,%xmm4"},
    {{0xC5, 0xF9, 0x7E, 0xC4}, {{4, 4}}, "vmovd %xmm0,%esp"},
    {{0xC5, 0xFC, 0x50, 0xE0}, {{4, 4}}, "vmovmskps %ymm0,%esp"},
    {{0x66, 0x0F, 0x3A, 0x14, 0xC4, 0}, {{4, 4}}, "pextrb $0,%xmm0,%esp"},
    {{0xF3, 0x0F, 0xB8, 0xE0}, {{4, 4}}, "popcnt %eax,%esp"},
    {{0x66, 0xF3, 0x0F, 0xB8, 0xE0}, {{4, 2}}, "popcnt %ax,%sp"},
    {{0x8F, 0xC4}, {{4, 8}}, "pop %rsp (8F)"},
};

TEST(Decoder, RegisterWrites) {
    for (const WriteCase& c : kWrites) {
        SCOPED_TRACE(std::string(c.what) + ": " + hex(c.bytes));
        const Insn d = decode(c.bytes.data(), c.bytes.size());
        ASSERT_EQ(d.status, DecodeStatus::Ok) << (d.error ? d.error : "");
        EXPECT_EQ(d.length, c.bytes.size());
        std::set<std::pair<int, int>> got;
        for (unsigned i = 0; i < d.num_writes; ++i)
            got.insert(
                {d.writes[i].high8 ? -1 - d.writes[i].reg : d.writes[i].reg, d.writes[i].size});
        EXPECT_EQ(got, c.writes);
    }
}

TEST(Decoder, Prefixes) {
    const uint8_t b[] = {0x66, 0x2E, 0x0F, 0x1F, 0x84, 0, 0, 0, 0, 0};
    const Insn d = decode(b, sizeof b);
    ASSERT_EQ(d.status, DecodeStatus::Ok);
    EXPECT_TRUE(d.has(P66));
    EXPECT_TRUE(d.has(PSegCS));
    EXPECT_EQ(d.num_prefixes, 2);
    EXPECT_EQ(d.map, OpMap::Legacy0F);
    EXPECT_EQ(d.opcode, 0x1F);
    EXPECT_EQ(d.entry->kind, Kind::Nop);

    const uint8_t v[] = {0x67, 0xC4, 0xE2, 0x7D, 0x58, 0x00};
    const Insn e = decode(v, sizeof v);
    ASSERT_EQ(e.status, DecodeStatus::Ok);
    EXPECT_TRUE(e.has(PVex));
    EXPECT_TRUE(e.has(P67));
    EXPECT_EQ(e.map, OpMap::Vex0F38);
    EXPECT_TRUE(e.vex_l);
}

TEST(Decoder, TableIsConsistent) {
    // All lines of one opcode agree on whether a ModRM byte follows (the decoder reads
    // it before choosing a line).
    size_t n = 0;
    const OpEntry* t = opcode_table(&n);
    ASSERT_GT(n, 500u);
    for (size_t i = 1; i < n; ++i) {
        if (t[i].map == t[i - 1].map && t[i].opcode == t[i - 1].opcode) {
            EXPECT_EQ(t[i].mod == 0, t[i - 1].mod == 0) << t[i].name;
        }
        if (t[i].mod == 0) {
            EXPECT_FALSE(t[i].dst == DstReg || t[i].dst == DstRm) << t[i].name;
        }
    }
}

} // namespace
} // namespace zvm::validator
