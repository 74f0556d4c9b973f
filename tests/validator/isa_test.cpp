// isa_of (validator/isa.h): the extension each instruction needs, on hand-encoded
// instructions of every class, and the baseline needing none.
#include "validator/isa.h"

#include <gtest/gtest.h>
#include <initializer_list>
#include <vector>

namespace zvm::validator {
namespace {

uint32_t isa(std::initializer_list<uint8_t> bytes) {
    const std::vector<uint8_t> b(bytes);
    const Insn d = decode(b.data(), b.size());
    EXPECT_EQ(d.status, DecodeStatus::Ok) << (d.error ? d.error : "");
    EXPECT_EQ(d.length, b.size());
    return isa_of(d);
}

TEST(Isa, BaselineNeedsNothing) {
    EXPECT_EQ(isa({0x48, 0x01, 0xC8}), 0u);       // add %rcx,%rax
    EXPECT_EQ(isa({0x9F}), 0u);                   // lahf (assumed, see isa.h)
    EXPECT_EQ(isa({0x0F, 0x28, 0xC1}), 0u);       // movaps %xmm1,%xmm0
    EXPECT_EQ(isa({0x66, 0x0F, 0xFE, 0xC1}), 0u); // paddd (SSE2)
    EXPECT_EQ(isa({0x0F, 0xBC, 0xC1}), 0u);       // bsf
    EXPECT_EQ(isa({0x0F, 0xBD, 0xC1}), 0u);       // bsr
    EXPECT_EQ(isa({0xF2, 0x0F, 0x10, 0xC1}), 0u); // movsd
    EXPECT_EQ(isa({0x66, 0x0F, 0x10, 0xC1}), 0u); // movupd
}

TEST(Isa, SseThreeToFourTwo) {
    EXPECT_EQ(isa({0xF2, 0x0F, 0x12, 0xC1}), kIsaSse3);              // movddup
    EXPECT_EQ(isa({0xF3, 0x0F, 0x16, 0xC1}), kIsaSse3);              // movshdup
    EXPECT_EQ(isa({0x66, 0x0F, 0x7C, 0xC1}), kIsaSse3);              // haddpd
    EXPECT_EQ(isa({0x66, 0x0F, 0x38, 0x00, 0xC1}), kIsaSsse3);       // pshufb
    EXPECT_EQ(isa({0x66, 0x0F, 0x3A, 0x0F, 0xC1, 0x08}), kIsaSsse3); // palignr
    EXPECT_EQ(isa({0x66, 0x0F, 0x38, 0x40, 0xC1}), kIsaSse41);       // pmulld
    EXPECT_EQ(isa({0x66, 0x0F, 0x3A, 0x0B, 0xC1, 0x04}), kIsaSse41); // roundsd
    EXPECT_EQ(isa({0x66, 0x0F, 0x38, 0x37, 0xC1}), kIsaSse42);       // pcmpgtq
    EXPECT_EQ(isa({0xF2, 0x0F, 0x38, 0xF1, 0xC1}), kIsaSse42);       // crc32
    EXPECT_EQ(isa({0x66, 0x0F, 0x3A, 0x63, 0xC1, 0x00}), kIsaSse42); // pcmpistri
}

TEST(Isa, BitCountsAesClmulAndMore) {
    EXPECT_EQ(isa({0xF3, 0x0F, 0xB8, 0xC1}), kIsaPopcnt);
    EXPECT_EQ(isa({0xF3, 0x0F, 0xBD, 0xC1}), kIsaLzcnt);
    EXPECT_EQ(isa({0xF3, 0x0F, 0xBC, 0xC1}), 0u); // tzcnt: runs as bsf without BMI1 (isa.cpp)
    EXPECT_EQ(isa({0x66, 0x0F, 0x38, 0xDC, 0xC1}), kIsaAes);          // aesenc
    EXPECT_EQ(isa({0x66, 0x0F, 0x3A, 0x44, 0xC1, 0x00}), kIsaPclmul); // pclmulqdq
    EXPECT_EQ(isa({0x67, 0x0F, 0x38, 0xF0, 0x01}), kIsaMovbe);        // movbe (%ecx),%eax
}

TEST(Isa, VexForms) {
    EXPECT_EQ(isa({0xC5, 0xF9, 0xFE, 0xC1}), kIsaAvx);                        // vpaddd xmm
    EXPECT_EQ(isa({0xC5, 0xFD, 0xFE, 0xC1}), kIsaAvx | kIsaAvx2);             // vpaddd ymm
    EXPECT_EQ(isa({0xC5, 0xFC, 0x58, 0xC1}), kIsaAvx);                        // vaddps ymm
    EXPECT_EQ(isa({0xC5, 0xFE, 0x6F, 0xC1}), kIsaAvx);                        // vmovdqu ymm
    EXPECT_EQ(isa({0xC4, 0xE2, 0xF9, 0x98, 0xC1}), kIsaAvx | kIsaFma);        // vfmadd132pd
    EXPECT_EQ(isa({0xC4, 0xE2, 0x79, 0x13, 0xC1}), kIsaAvx | kIsaF16c);       // vcvtph2ps
    EXPECT_EQ(isa({0xC4, 0xE2, 0x7D, 0x58, 0xC1}), kIsaAvx | kIsaAvx2);       // vpbroadcastd ymm
    EXPECT_EQ(isa({0xC4, 0xE2, 0x7D, 0x18, 0xC1}), kIsaAvx | kIsaAvx2);       // vbroadcastss reg
    EXPECT_EQ(isa({0xC4, 0xE3, 0x7D, 0x46, 0xC1, 0x20}), kIsaAvx | kIsaAvx2); // vperm2i128
    EXPECT_EQ(isa({0xC4, 0xE3, 0x7D, 0x06, 0xC1, 0x20}), kIsaAvx);            // vperm2f128
}

TEST(Isa, BmiNeedsNoAvx) {
    EXPECT_EQ(isa({0xC4, 0xE2, 0x70, 0xF2, 0xC0}), kIsaBmi1);       // andn
    EXPECT_EQ(isa({0xC4, 0xE2, 0x70, 0xF7, 0xC0}), kIsaBmi1);       // bextr
    EXPECT_EQ(isa({0xC4, 0xE2, 0x71, 0xF7, 0xC0}), kIsaBmi2);       // shlx
    EXPECT_EQ(isa({0xC4, 0xE2, 0x70, 0xF5, 0xC0}), kIsaBmi2);       // bzhi
    EXPECT_EQ(isa({0xC4, 0xE3, 0x7B, 0xF0, 0xC0, 0x05}), kIsaBmi2); // rorx
}

TEST(Isa, Names) {
    EXPECT_EQ(isa_names(0), "");
    EXPECT_EQ(isa_names(kIsaSse42 | kIsaAvx2 | kIsaBmi2), "sse4_2 bmi2 avx2");
    for (int i = 0; i < kIsaBitCount; ++i)
        EXPECT_STRNE(isa_name(1u << i), "?") << i;
}

} // namespace
} // namespace zvm::validator
