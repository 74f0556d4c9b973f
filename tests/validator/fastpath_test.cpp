// The driver's fast paths (validator.cpp: fast_run, and decoder_impl.h's plain_length,
// nop_length, branch_length) against the full path alone (Options::fast_paths = false):
// on random code made of the constructs compiled code has (masked pairs, returns, calls
// at bundle ends, %esp writes, padding nops, direct branches) mixed with their broken
// variants and random bytes, both must give the same verdict, violations and extensions.
#include "validator/validator.h"

#include "codegen.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace zvm::validator {
namespace {

constexpr uint64_t kBase = 0x20000;

using Bytes = std::vector<uint8_t>;

// A piece of code: one construct, sound unless `broken`. `ends_bundle`: it must end at a
// bundle end (calls). The sound ones are what compiled code has.
struct Piece {
    Bytes bytes;
    bool ends_bundle = false;
};

Piece sound_piece(std::mt19937_64& rng) {
    const auto reg = static_cast<uint8_t>(rng() % 8);
    const bool high = rng() % 2;
    const auto r8 = [&](uint8_t b) { return static_cast<uint8_t>(b); };
    Piece p;
    Bytes& b = p.bytes;
    switch (rng() % 14) {
    case 0: // the return sequence
        b = {0x41, 0x5B, 0x41, 0x83, 0xE3, 0xE0, 0x41, 0xFF, 0xE3};
        break;
    case 1: // a masked jmp or call, through r8-r15 with REX.B
    case 2:
        if (high) b.push_back(0x41);
        b.insert(b.end(), {0x83, r8(0xE0 | reg), 0xE0});
        if (high) b.push_back(0x41);
        b.insert(b.end(), {0xFF, r8((rng() % 2 ? 0xE0 : 0xD0) | reg)});
        p.ends_bundle = (b.back() & 0xF8) == 0xD0;
        break;
    case 3: // a direct call
        b = {0xE8, 0, 0, 0, 0};
        p.ends_bundle = true;
        break;
    case 4: // a jump to itself, short or near, or a jcc to itself
        if (rng() % 2)
            b = {r8(rng() % 2 ? 0xEB : 0x70 | (rng() % 16)), 0xFE};
        else
            b = {0x0F, r8(0x80 | (rng() % 16)), 0xFA, 0xFF, 0xFF, 0xFF};
        break;
    case 5: // add/sub $imm8, %esp
        b = {0x83, r8(rng() % 2 ? 0xC4 : 0xEC), r8(rng())};
        break;
    case 6: // mov %reg32, %esp and mov %rsp, %reg
        b = {0x89, r8(0xC4 | reg << 3)};
        if (rng() % 2) b = {0x48, 0x89, r8(0xE0 | (reg == 4 ? 5 : reg))};
        break;
    case 7: // loads and stores with 0x67 and a REX
        b = {0x67, r8(0x48 | (rng() % 8) | (reg == 4 ? 4 : 0)), r8(rng() % 2 ? 0x8B : 0x89),
             r8(0x40 | reg << 3 | 3), r8(rng())};
        break;
    case 8: // SIB forms, with and without a base
        b = {0x67, 0x8B, 0x04, r8(rng() % 2 ? 0x25 : 0x18), 0, 0, 0, 0};
        if (b[3] != 0x25) b.resize(3 + 1);
        break;
    case 9: // padding nops
        b = bench::llvm_nop(1 + rng() % 11);
        break;
    case 10: // movabs $imm64, mov $imm32
        b = {r8(reg == 4 ? 0x49 : 0x48 | (rng() % 2)), r8(0xB8 | reg), 1, 2, 3, 4, 5, 6, 7, 8};
        if (rng() % 2) b = {r8(0xB8 | (reg == 4 ? 5 : reg)), 1, 2, 3, 4};
        break;
    case 11: // 16-bit and SSE forms (prefixed: the full path)
        b = {0x67, 0x66, 0x89, r8(0x40 | reg << 3 | 3), 0x08};
        if (rng() % 2) b = {0x66, 0x0F, 0xEF, r8(0xC0 | reg << 3 | (rng() % 8))};
        break;
    default: // register-register ALU forms, not on %esp
        b = {r8(0x48 | (rng() % 8)), r8((rng() % 8) << 3 | (rng() % 2 ? 1 : 3)),
             r8(0xC0 | (rng() % 64))};
        if ((b[2] & 7) == 4 || ((b[2] >> 3) & 7) == 4) b[0] |= 5; // r12, not %rsp
        break;
    }
    return p;
}

Piece broken_piece(std::mt19937_64& rng) {
    const auto reg = static_cast<uint8_t>(rng() % 8);
    const auto other = static_cast<uint8_t>((reg + 1 + rng() % 7) % 8);
    const auto r8 = [&](uint8_t b) { return static_cast<uint8_t>(b); };
    Piece p;
    Bytes& b = p.bytes;
    switch (rng() % 10) {
    case 0: // a mask on another register
        b = {0x83, r8(0xE0 | other), 0xE0, 0xFF, r8((rng() % 2 ? 0xE0 : 0xD0) | reg)};
        break;
    case 1: // REX.B on one side only
        b = {0x41, 0x83, r8(0xE0 | reg), 0xE0, 0xFF, r8(0xE0 | reg)};
        if (rng() % 2) b = {0x83, r8(0xE0 | reg), 0xE0, 0x41, 0xFF, r8(0xE0 | reg)};
        break;
    case 2: // another immediate, or no mask
        b = {0x83, r8(0xE0 | reg), 0xF0, 0xFF, r8(0xE0 | reg)};
        if (rng() % 2) b = {0xFF, r8(0xE0 | reg)};
        break;
    case 3: // a direct branch anywhere near
        b = {0xEB, r8(rng())};
        if (rng() % 2) b = {0xE8, r8(rng()), r8(rng() % 2), 0, 0};
        break;
    case 4: // %rsp arithmetic, 64-bit
        b = {0x48, 0x83, r8(rng() % 2 ? 0xC4 : 0xEC), r8(rng())};
        break;
    case 5: // a load without 0x67
        b = {0x48, 0x8B, r8(0x40 | reg << 3 | other), r8(rng())};
        break;
    case 6: // forbidden: syscall, int3, ret, cpuid
    {
        static const Bytes kBad[4] = {{0x0F, 0x05}, {0xCC}, {0xC3}, {0x0F, 0xA2}};
        b = kBad[rng() % 4];
        break;
    }
    case 7: // a lone prefix
        b = {rng() % 2 ? r8(0x67) : r8(0x40 | (rng() % 16))};
        break;
    default: // random bytes
        for (unsigned i = 1 + rng() % 6; i > 0; --i)
            b.push_back(r8(rng()));
        break;
    }
    return p;
}

// Random code of `bundles` bundles: sound pieces, nop-padded so that none crosses a bundle
// and calls end theirs, and about one broken piece (unpadded) in `broken_one_in`.
Bytes random_code(std::mt19937_64& rng, size_t bundles, unsigned broken_one_in) {
    Bytes c;
    const size_t size = 32 * bundles;
    while (c.size() < size) {
        const bool broken = broken_one_in != 0 && rng() % broken_one_in == 0;
        const Piece p = broken ? broken_piece(rng) : sound_piece(rng);
        const size_t n = p.bytes.size();
        if (!broken) {
            const size_t room = 32 - c.size() % 32;
            if (n > room) c.insert(c.end(), room, 0x90);
            if (p.ends_bundle) c.insert(c.end(), (32 - (c.size() + n) % 32) % 32, 0x90);
        }
        c.insert(c.end(), p.bytes.begin(), p.bytes.end());
    }
    c.resize(size, 0x90);
    return c;
}

void expect_same(const Result& fast, const Result& full, const Bytes& c) {
    ASSERT_EQ(fast.violations.size(), full.violations.size()) << "code size " << c.size();
    for (size_t i = 0; i < fast.violations.size(); ++i) {
        const Violation& a = fast.violations[i];
        const Violation& b = full.violations[i];
        ASSERT_EQ(a.address, b.address) << i;
        ASSERT_EQ(a.rule, b.rule) << std::hex << a.address;
        ASSERT_EQ(a.message, b.message) << std::hex << a.address;
        ASSERT_EQ(a.bytes, b.bytes) << std::hex << a.address;
    }
    ASSERT_EQ(fast.isa, full.isa);
    ASSERT_EQ(fast.bytes_checked, full.bytes_checked);
}

TEST(FastPaths, SameResultsAsTheFullPath) {
    std::mt19937_64 rng(11);
    Options fast, full;
    full.fast_paths = false;
    size_t valid = 0, invalid = 0;
    for (int it = 0; it < 20000; ++it) {
        const unsigned broken_one_in = it % 4 == 0 ? 0 : 1 + rng() % 200;
        const Bytes c = random_code(rng, 1 + rng() % 24, broken_one_in);
        const Result a = validate_code(c, kBase, fast);
        const Result b = validate_code(c, kBase, full);
        expect_same(a, b, c);
        if (HasFatalFailure()) return;
        ++(a.valid() ? valid : invalid);
    }
    // Both kinds are exercised.
    EXPECT_GT(valid, 2000u);
    EXPECT_GT(invalid, 2000u);
}

TEST(FastPaths, LimitedErrorsAgreeToo) {
    std::mt19937_64 rng(12);
    for (int it = 0; it < 3000; ++it) {
        Options fast, full;
        fast.max_errors = full.max_errors = 1 + rng() % 3;
        full.fast_paths = false;
        const Bytes c = random_code(rng, 1 + rng() % 16, 1 + rng() % 20);
        expect_same(validate_code(c, kBase, fast), validate_code(c, kBase, full), c);
        if (HasFatalFailure()) return;
    }
}

} // namespace
} // namespace zvm::validator
