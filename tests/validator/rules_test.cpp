// Rule tests on raw code buffers (validate_code), for what is awkward to express in
// assembly: bundle layout, base alignment, max_errors, locked-sequence interiors.
#include "validator/decoder_impl.h"
#include "validator/isa.h"
#include "validator/rules.h"
#include "validator/validator.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace zvm::validator {
namespace {

constexpr uint64_t kBase = 0x20000;

// Concatenates instructions and pads with hlt to a whole bundle.
std::vector<uint8_t> code(std::initializer_list<std::vector<uint8_t>> insns) {
    std::vector<uint8_t> c;
    for (const auto& i : insns)
        c.insert(c.end(), i.begin(), i.end());
    while (c.size() % 32)
        c.push_back(0xF4);
    return c;
}

std::set<std::string> rules(const Result& r) {
    std::set<std::string> s;
    for (const Violation& v : r.violations)
        s.insert(rule_id(v.rule));
    return s;
}

// The return sequence: pop %r11; and $-32, %r11d; jmp *%r11.
const std::vector<uint8_t> kRetPop = {0x41, 0x5B};
const std::vector<uint8_t> kRetMask = {0x41, 0x83, 0xE3, 0xE0};
const std::vector<uint8_t> kRetJmp = {0x41, 0xFF, 0xE3};

TEST(Rules, EmptyAndHltOnly) {
    EXPECT_TRUE(validate_code({}, kBase).valid());
    EXPECT_TRUE(validate_code(code({{0xF4}}), kBase).valid());
}

TEST(Rules, BaseAndSizeAlignment) {
    const auto c = code({{0x90}});
    EXPECT_EQ(rules(validate_code(c, kBase + 16)), std::set<std::string>{"R1-bundle"});
    std::vector<uint8_t> odd(c.begin(), c.begin() + 31);
    EXPECT_EQ(rules(validate_code(odd, kBase)), std::set<std::string>{"R1-bundle"});
}

TEST(Rules, ReturnSequence) {
    EXPECT_TRUE(validate_code(code({kRetPop, kRetMask, kRetJmp}), kBase).valid());
    // The pop may end the previous bundle; the mask and the jmp share one.
    std::vector<uint8_t> pad(32 - 2, 0x90);
    EXPECT_TRUE(validate_code(code({pad, kRetPop, kRetMask, kRetJmp}), kBase).valid());
    // The mask ending one bundle and the jmp starting the next: R6.
    std::vector<uint8_t> pad2(32 - 6, 0x90);
    const auto split = code({pad2, kRetPop, kRetMask, kRetJmp});
    EXPECT_EQ(rules(validate_code(split, kBase)), std::set<std::string>{"R6-indirect-branch"});
    // The mask on another register (%r10d): R6.
    const auto other = code({kRetPop, {0x41, 0x83, 0xE2, 0xE0}, kRetJmp});
    EXPECT_EQ(rules(validate_code(other, kBase)), std::set<std::string>{"R6-indirect-branch"});
}

TEST(Rules, EveryRetIsRejected) {
    const std::vector<std::vector<uint8_t>> rets = {
        {0xC3},       {0xC2, 0x08, 0x00}, {0xCA, 0x08, 0x00}, {0xCB},       {0xF3, 0xC3},
        {0xF2, 0xC3}, {0x66, 0xC3},       {0x48, 0xC3},       {0x41, 0xC3}, {0xF0, 0xC3},
        {0x2E, 0xC3}, {0x3E, 0xC3},       {0x64, 0xC3},       {0x48, 0xCB}};
    for (const auto& ret : rets) {
        const Result r = validate_code(code({ret}), kBase);
        ASSERT_EQ(r.violations.size(), 1u) << std::hex << int(ret[0]);
        EXPECT_EQ(r.violations[0].rule, Rule::Return) << std::hex << int(ret[0]);
        EXPECT_NE(r.violations[0].message.find("pop %r11"), std::string::npos)
            << r.violations[0].message;
    }
    // The former return sequence (the return address masked in place) is rejected too.
    const auto old =
        code({{0x67, 0x83, 0x24, 0x24, 0xE0}, {0x67, 0xC7, 0x44, 0x24, 0x04, 0, 0, 0, 0}, {0xC3}});
    EXPECT_EQ(rules(validate_code(old, kBase)), std::set<std::string>{"R7-return"});
}

TEST(Rules, BranchIntoReturnSequence) {
    // jmp +6 from offset 0 (len 2) lands at 8 = the jmp, inside the masked pair.
    const auto c = code({{0xEB, 0x06}, kRetPop, kRetMask, kRetJmp});
    const Result r = validate_code(c, kBase);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].rule, Rule::BranchTarget);
    EXPECT_EQ(r.violations[0].address, kBase);
    // ... and to its pop or its mask is fine.
    EXPECT_TRUE(validate_code(code({{0xEB, 0x00}, kRetPop, kRetMask, kRetJmp}), kBase).valid());
    EXPECT_TRUE(validate_code(code({{0xEB, 0x02}, kRetPop, kRetMask, kRetJmp}), kBase).valid());
}

TEST(Rules, MaskedJumpEveryRegister) {
    for (int reg = 0; reg < 16; ++reg) {
        std::vector<uint8_t> mask, jmp;
        if (reg >= 8) mask.push_back(0x41), jmp.push_back(0x41);
        mask.insert(mask.end(), {0x83, static_cast<uint8_t>(0xE0 | (reg & 7)), 0xE0});
        jmp.insert(jmp.end(), {0xFF, static_cast<uint8_t>(0xE0 | (reg & 7))});
        EXPECT_TRUE(validate_code(code({mask, jmp}), kBase).valid()) << reg;
        // A call must end the bundle.
        std::vector<uint8_t> call = jmp;
        call.back() = static_cast<uint8_t>(0xD0 | (reg & 7));
        std::vector<uint8_t> pad(32 - mask.size() - call.size(), 0x90);
        EXPECT_TRUE(validate_code(code({pad, mask, call}), kBase).valid()) << reg;
        // Mask on the neighbouring register: rejected.
        std::vector<uint8_t> other = mask;
        other[other.size() - 2] = static_cast<uint8_t>(0xE0 | ((reg + 1) & 7));
        EXPECT_EQ(rules(validate_code(code({other, jmp}), kBase)),
                  std::set<std::string>{"R6-indirect-branch"})
            << reg;
    }
}

TEST(Rules, TrampolineTargets) {
    // jmp rel32 from 0x20000 (len 5) to 0x10000 + 32k.
    auto jmp_to = [](uint64_t target) {
        const int32_t rel = static_cast<int32_t>(target - (kBase + 5));
        std::vector<uint8_t> j = {0xE9};
        for (int i = 0; i < 4; ++i)
            j.push_back(static_cast<uint8_t>(rel >> (8 * i)));
        return code({j});
    };
    EXPECT_TRUE(validate_code(jmp_to(0x10000), kBase).valid());
    EXPECT_TRUE(validate_code(jmp_to(0x1EFE0), kBase).valid());
    EXPECT_FALSE(validate_code(jmp_to(0x1F000), kBase).valid());
    EXPECT_FALSE(validate_code(jmp_to(0x10001), kBase).valid());
    EXPECT_FALSE(validate_code(jmp_to(0xFFE0), kBase).valid());
    EXPECT_TRUE(validate_code(jmp_to(kBase), kBase).valid());
    EXPECT_FALSE(validate_code(jmp_to(kBase + 32), kBase).valid());
}

TEST(Rules, MaxErrors) {
    const auto c = code({{0x0F, 0x05}, {0x0F, 0x05}, {0x0F, 0x05}, {0x0F, 0x31}});
    EXPECT_EQ(validate_code(c, kBase).violations.size(), 4u);
    Options o;
    o.max_errors = 2;
    EXPECT_EQ(validate_code(c, kBase, o).violations.size(), 2u);
}

TEST(Rules, ViolationCarriesAddressAndBytes) {
    const auto c = code({{0x90}, {0x8B, 0x00}});
    const Result r = validate_code(c, kBase);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].address, kBase + 1);
    EXPECT_EQ(r.violations[0].bytes, (std::vector<uint8_t>{0x8B, 0x00}));
    EXPECT_EQ(r.violations[0].rule, Rule::Addr32);
    EXPECT_EQ(r.bytes_checked, 32u);
}

TEST(Rules, UndecodableBundleDoesNotCascade) {
    // Garbage in bundle 0; bundle 1 jumps into it: only the R2 report.
    std::vector<uint8_t> c(64, 0xF4);
    c[0] = 0x0F;
    c[1] = 0xFF; // ud0: not on the list
    c[32] = 0xEB;
    c[33] = static_cast<uint8_t>(-30); // to offset 4
    EXPECT_EQ(rules(validate_code(c, kBase)), std::set<std::string>{"R2-decode"});
}

TEST(Rules, TruncatedAtEnd) {
    std::vector<uint8_t> c(32, 0x90);
    c[31] = 0xB8; // mov $imm32 with no immediate left
    EXPECT_EQ(rules(validate_code(c, kBase)), std::set<std::string>{"R1-bundle"});
}

// The first finding of the predicates of validator/rules.h that apply to one instruction
// without context, if any.
std::optional<Finding> first_finding(const Insn& d, const uint8_t* bytes) {
    Context c;
    c.cur = Located{&d, bytes, kBase, d.length};
    for (auto check :
         {check_allowed, check_segment, check_addr32, check_string_addr32, check_stack_pointer,
          check_branch16, check_indirect_branch, check_return, check_call_alignment})
        if (std::optional<Finding> f = check(c)) return f;
    return std::nullopt;
}

TEST(Rules, ObviouslyFineImpliesEveryPredicatePasses) {
    // The driver's shortcut must never skip a predicate that would have reported something.
    std::mt19937_64 rng(99);
    static const uint8_t kPrefixes[] = {0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x2E,
                                        0x3E, 0x26, 0x36, 0x64, 0x65};
    size_t fine = 0;
    for (int it = 0; it < 300000; ++it) {
        uint8_t buf[15];
        size_t i = 0;
        for (unsigned k = rng() % 3; k > 0; --k)
            buf[i++] = kPrefixes[rng() % sizeof kPrefixes];
        if (rng() % 2) buf[i++] = static_cast<uint8_t>(0x40 | (rng() & 15));
        while (i < 15)
            buf[i++] = static_cast<uint8_t>(rng());
        const Insn d = decode(buf, sizeof buf);
        if (d.status != DecodeStatus::Ok || !obviously_fine(d)) continue;
        ++fine;
        const std::optional<Finding> f = first_finding(d, buf);
        EXPECT_FALSE(f) << rule_id(f->rule) << ": " << f->message;
        EXPECT_FALSE(is_direct_branch(d));
    }
    EXPECT_GT(fine, 10000u);
}

// Every predicate that applies to one instruction without context finds nothing, and it
// is not a direct branch (whose target R9 checks later).
bool passes_every_rule(const Insn& d, const uint8_t* bytes) {
    return !first_finding(d, bytes) && !is_direct_branch(d);
}

TEST(Rules, PlainLengthImpliesDecodeAndEveryRulePasses) {
    // The driver's fast path (decoder_impl::plain_length) must only claim instructions the
    // full decoder decodes to the same length and every rule passes (obviously_fine(), or
    // a 32-bit write of %esp). Random bytes behind the prefixes it handles (0x67, REX) and
    // some it must refuse.
    std::mt19937_64 rng(7);
    static const uint8_t kPrefixes[] = {0x67, 0x67, 0x67, 0x66, 0xF0, 0xF2, 0xF3, 0x2E, 0x64};
    size_t claimed = 0, esp_writes = 0;
    for (int it = 0; it < 2000000; ++it) {
        uint8_t buf[15];
        size_t i = 0;
        for (unsigned k = rng() % 3; k > 0; --k)
            buf[i++] = kPrefixes[rng() % sizeof kPrefixes];
        if (rng() % 2) buf[i++] = static_cast<uint8_t>(0x40 | (rng() & 15));
        if (rng() % 4 == 0) buf[i++] = 0x0F;
        while (i < 15)
            buf[i++] = static_cast<uint8_t>(rng());
        const unsigned len = decoder_impl::plain_length(buf);
        if (len == 0) continue;
        ++claimed;
        const Insn d = decode(buf, sizeof buf);
        ASSERT_EQ(d.status, DecodeStatus::Ok) << it;
        ASSERT_EQ(d.length, len) << d.entry->name;
        ASSERT_FALSE(d.entry->flags & FInvalid64) << d.entry->name;
        ASSERT_TRUE(passes_every_rule(d, buf)) << d.entry->name;
        esp_writes += !obviously_fine(d);
        // The fast path records no extension (validator/isa.h): it takes baseline only.
        ASSERT_EQ(isa_of(d), 0u) << d.entry->name;
    }
    EXPECT_GT(claimed, 200000u);
    EXPECT_GT(esp_writes, 100u); // the allowed writes of %esp are taken too
}

// plain_length() as it was before the table per (opcode, ModRM byte): the formula on the
// per-opcode Quick line. The table is built from the same lines; both must agree on every
// byte sequence, so that the table neither takes more nor less than the formula did.
unsigned plain_length_by_formula(const uint8_t* p) {
    using decoder_impl::kQuick;
    uint64_t x;
    std::memcpy(&x, p, 8);
    const unsigned a32 = (x & 0xFF) == 0x67;
    x >>= 8 * a32;
    const unsigned is_rex = (x & 0xF0) == 0x40;
    const unsigned rex = x & 0xFF & -is_rex;
    x >>= 8 * is_rex;
    const unsigned esc = (x & 0xFF) == 0x0F;
    x >>= 8 * esc;
    const unsigned opcode = x & 0xFF;
    const unsigned modrm = (x >> 8) & 0xFF, sib = (x >> 16) & 0xFF;
    const decoder_impl::Quick& q = kQuick.op[esc][opcode];
    const unsigned hm = q.has_modrm;
    const unsigned r = (modrm >> 3) & 7 & -hm;
    const unsigned mem = hm & (modrm < 0xC0);
    const unsigned form = 8 * (mem + (mem & a32));
    // A 32-bit write of %esp that R5 allows fails only with REX.W.
    const unsigned esp_ok = (q.esp_regs >> r) & 1 & !(rex & 8);
    const unsigned reg4 = (r == 4) & !(rex & 4) & !esp_ok;
    const unsigned rm4 = hm & (modrm >= 0xC0) & ((modrm & 7) == 4) & !(rex & 1) & !esp_ok;
    const unsigned op4 = ((opcode & 7) == 4) & !(rex & 1);
    const unsigned rsp = q.rsp & (reg4 | rm4 << 1 | op4 << 2);
    const unsigned no_base = ((modrm & 0xC7) == 0x04) & ((sib & 7) == 5);
    const unsigned after_modrm = (kQuick.modrm_len[modrm] + 4 * no_base) & -hm;
    const unsigned imm = q.imm_len[a32 | (rex & 8) >> 2] & -((q.imm_regs >> r) & 1);
    const unsigned len = a32 + is_rex + esc + 1 + hm + after_modrm + imm;
    return len & -(((q.forms >> (form + r)) & 1) & !rsp);
}

TEST(Rules, PlainTableMatchesTheFormula) {
    // Every shape the fast path reads: [67] [REX] [0F] opcode ModRM SIB, all of them.
    uint8_t buf[15] = {};
    size_t claimed = 0;
    for (unsigned shape = 0; shape < 8; ++shape)
        for (unsigned rex = 0; rex < (shape & 2 ? 16u : 1u); ++rex)
            for (unsigned op = 0; op < 256; ++op)
                for (unsigned modrm = 0; modrm < 256; ++modrm)
                    for (unsigned base : {0u, 5u}) {
                        size_t i = 0;
                        if (shape & 1) buf[i++] = 0x67;
                        if (shape & 2) buf[i++] = static_cast<uint8_t>(0x40 | rex);
                        if (shape & 4) buf[i++] = 0x0F;
                        buf[i++] = static_cast<uint8_t>(op);
                        buf[i++] = static_cast<uint8_t>(modrm);
                        buf[i++] = static_cast<uint8_t>(0x20 | base);
                        const unsigned want = plain_length_by_formula(buf);
                        ASSERT_EQ(decoder_impl::plain_length(buf), want)
                            << std::hex << shape << " " << rex << " " << op << " " << modrm;
                        claimed += want != 0;
                    }
    EXPECT_GT(claimed, 1000000u);
}

TEST(Rules, NopLengthImpliesDecodeAndObviouslyFine) {
    // Every LLVM padding nop, and random bytes behind 66/2E runs.
    std::mt19937_64 rng(8);
    size_t claimed = 0;
    for (int it = 0; it < 300000; ++it) {
        uint8_t buf[15];
        size_t i = 0;
        for (unsigned k = rng() % 8; k > 0; --k)
            buf[i++] = rng() % 4 ? 0x66 : static_cast<uint8_t>(0x2E + 0x10 * (rng() % 2));
        if (rng() % 3) {
            buf[i++] = 0x0F;
            buf[i++] = rng() % 4 ? 0x1F : static_cast<uint8_t>(rng());
        }
        while (i < 15)
            buf[i++] = static_cast<uint8_t>(rng() % 2 ? 0x90 : rng());
        const unsigned len = decoder_impl::nop_length(buf);
        if (len == 0) continue;
        ++claimed;
        const Insn d = decode(buf, sizeof buf);
        ASSERT_EQ(d.status, DecodeStatus::Ok) << it;
        ASSERT_EQ(d.length, len) << d.entry->name;
        ASSERT_TRUE(obviously_fine(d)) << d.entry->name;
        ASSERT_EQ(isa_of(d), 0u) << d.entry->name;
    }
    EXPECT_GT(claimed, 10000u);
}

TEST(Rules, BranchLengthImpliesOnlyTheBranchRules) {
    // The driver's fast path for unprefixed direct branches skips every predicate but R8
    // (checked by the driver) and R9 (the targets, after the pass).
    std::mt19937_64 rng(9);
    size_t claimed = 0;
    for (int it = 0; it < 300000; ++it) {
        uint8_t buf[15];
        for (auto& b : buf)
            b = static_cast<uint8_t>(rng());
        if (rng() % 2) buf[0] = static_cast<uint8_t>(0x70 + rng() % 16);
        if (rng() % 4 == 0) buf[0] = 0xE8 + rng() % 4;
        if (rng() % 4 == 0) buf[0] = 0x0F;
        int64_t rel = 0;
        bool call = false;
        const unsigned len = decoder_impl::branch_length(buf, rel, call);
        if (len == 0) continue;
        ++claimed;
        const Insn d = decode(buf, sizeof buf);
        ASSERT_EQ(d.status, DecodeStatus::Ok) << it;
        ASSERT_EQ(d.length, len) << d.entry->name;
        ASSERT_EQ(d.imm, rel) << d.entry->name;
        ASSERT_TRUE(is_direct_branch(d)) << d.entry->name;
        ASSERT_EQ(call, d.entry->kind == Kind::Call) << d.entry->name;
        ASSERT_FALSE(d.entry->flags & FInvalid64) << d.entry->name;
        ASSERT_EQ(isa_of(d), 0u) << d.entry->name;
        Insn w = d;
        compute_writes(w);
        Context c;
        // An address where a call ends at a bundle end, so that R8 passes too.
        c.cur = Located{&w, buf, kBase + 32 - len};
        const std::optional<Finding> f[] = {
            check_allowed(c),         check_segment(c),       check_addr32(c),
            check_string_addr32(c),   check_stack_pointer(c), check_branch16(c),
            check_indirect_branch(c), check_return(c),        check_call_alignment(c)};
        for (const auto& x : f)
            ASSERT_FALSE(x) << rule_id(x->rule) << ": " << x->message;
    }
    EXPECT_GT(claimed, 100000u);
}

TEST(Rules, RuleIds) {
    EXPECT_STREQ(rule_id(Rule::Bundle), "R1-bundle");
    EXPECT_STREQ(rule_id(Rule::Decode), "R2-decode");
    EXPECT_STREQ(rule_id(Rule::Forbidden), "R2-forbidden");
    EXPECT_STREQ(rule_id(Rule::Addr32), "R3-addr32");
    EXPECT_STREQ(rule_id(Rule::SegmentPrefix), "R3-segment");
    EXPECT_STREQ(rule_id(Rule::StringAddr32), "R4-string-addr32");
    EXPECT_STREQ(rule_id(Rule::StackPointer), "R5-stack-pointer");
    EXPECT_STREQ(rule_id(Rule::IndirectBranch), "R6-indirect-branch");
    EXPECT_STREQ(rule_id(Rule::Return), "R7-return");
    EXPECT_STREQ(rule_id(Rule::CallAlignment), "R8-call-alignment");
    EXPECT_STREQ(rule_id(Rule::BranchTarget), "R9-branch-target");
    EXPECT_STREQ(rule_id(Rule::Branch16), "R9-branch16");
    EXPECT_STREQ(rule_id(Rule::Elf), "R10-elf");
}

} // namespace
} // namespace zvm::validator
