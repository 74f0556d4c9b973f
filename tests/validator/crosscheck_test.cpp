// Differential test of the validator's decoder against two independent decoders,
// LLVM 19's MC disassembler and Capstone, on random, structured-random and mutated
// byte sequences. For every instruction the validator would accept (it decodes, is on
// the allow-list, and passes the prefix rules) LLVM must decode the same length and
// agree on whether there is an explicit (ModRM) memory operand; Capstone must agree on
// the length whenever it decodes at all (Debian's Capstone 4.0.2 fails on some AVX2
// forms, which are counted, not failed).
//
// ZVM_CROSSCHECK_ITERATIONS (default 10000000 per generator: about 10 s each here, under
// ASan too, since LLVM and Capstone are not instrumented) sets the count. The validator's fast paths (validator/decoder_impl.h:
// plain_length, nop_length, branch_length) are checked on the same windows: where one
// claims an instruction, the decoder must decode it to the same length and accept it, so
// LLVM and Capstone check that length too.
#include "codegen.h"
#include "validator/decoder.h"
#include "validator/decoder_impl.h"
#include "validator/rules.h"

#include <gtest/gtest.h>

#include <capstone/capstone.h>
#include <llvm/ADT/ArrayRef.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>

namespace zvm::validator {
namespace {

size_t iterations() {
    const char* e = std::getenv("ZVM_CROSSCHECK_ITERATIONS");
    return e ? std::strtoull(e, nullptr, 10) : 10000000;
}

std::string hex(const uint8_t* p, size_t n) {
    std::string s;
    char buf[4];
    for (size_t i = 0; i < n; ++i) {
        snprintf(buf, sizeof buf, "%02x ", p[i]);
        s += buf;
    }
    return s;
}

class Llvm {
  public:
    Llvm() {
        LLVMInitializeX86TargetInfo();
        LLVMInitializeX86TargetMC();
        LLVMInitializeX86Disassembler();
        const std::string triple = "x86_64-unknown-linux-gnu";
        std::string error;
        const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
        if (!target) return;
        mri_.reset(target->createMCRegInfo(triple));
        llvm::MCTargetOptions options;
        mai_.reset(target->createMCAsmInfo(*mri_, triple, options));
        sti_.reset(target->createMCSubtargetInfo(triple, "x86-64-v3", "+aes,+pclmul"));
        mii_.reset(target->createMCInstrInfo());
        ctx_ = std::make_unique<llvm::MCContext>(llvm::Triple(triple), mai_.get(), mri_.get(),
                                                 sti_.get());
        dis_.reset(target->createMCDisassembler(*sti_, *ctx_));
    }
    bool ok() const { return dis_ != nullptr; }

    // Length of the instruction at p (0 if LLVM does not decode it); *memory: whether
    // it has a memory operand.
    size_t decode(const uint8_t* p, size_t n, bool* memory) {
        llvm::MCInst inst;
        uint64_t size = 0;
        const auto status =
            dis_->getInstruction(inst, size, llvm::ArrayRef<uint8_t>(p, n), 0x20000, llvm::nulls());
        if (status != llvm::MCDisassembler::Success) return 0;
        *memory = false;
        for (const llvm::MCOperandInfo& op : mii_->get(inst.getOpcode()).operands())
            if (op.OperandType == llvm::MCOI::OPERAND_MEMORY) *memory = true;
        return size;
    }

  private:
    std::unique_ptr<llvm::MCRegisterInfo> mri_;
    std::unique_ptr<llvm::MCAsmInfo> mai_;
    std::unique_ptr<llvm::MCSubtargetInfo> sti_;
    std::unique_ptr<llvm::MCInstrInfo> mii_;
    std::unique_ptr<llvm::MCContext> ctx_;
    std::unique_ptr<llvm::MCDisassembler> dis_;
};

class Capstone {
  public:
    Capstone() {
        if (cs_open(CS_ARCH_X86, CS_MODE_64, &h_) != CS_ERR_OK) h_ = 0;
        if (h_) insn_ = cs_malloc(h_);
    }
    ~Capstone() {
        if (insn_) cs_free(insn_, 1);
        if (h_) cs_close(&h_);
    }
    size_t decode(const uint8_t* p, size_t n) {
        const uint8_t* code = p;
        size_t left = n;
        uint64_t addr = 0x20000;
        return cs_disasm_iter(h_, &code, &left, &addr, insn_) ? insn_->size : 0;
    }

  private:
    csh h_ = 0;
    cs_insn* insn_ = nullptr;
};

// Whether the validator accepts this instruction on its own (decode + R2).
bool accepted(const uint8_t* p, const Insn& d) {
    if (d.status != DecodeStatus::Ok || (d.entry->flags & (FForbid | FInvalid64))) return false;
    Context c;
    c.cur = Located{&d, p, 0x20000};
    // Rejected whatever their context: %fs/%gs, 16-bit branches (Intel and AMD disagree
    // on their length), ret $imm and far ret, memory-indirect jmp/call.
    const Kind k = d.entry->kind;
    if (k == Kind::Ret && d.opcode != 0xC3) return false;
    if ((k == Kind::JmpIndirect || k == Kind::CallIndirect) && d.has_memory) return false;
    return !check_allowed(c) && !check_segment(c) && !check_branch16(c);
}

struct Stats {
    size_t accepted = 0, capstone_failed = 0, llvm_invalid_vex = 0, llvm_rexw_retry = 0;
    size_t fast = 0; // windows a fast path claimed
};

bool is_legacy_prefix(uint8_t b) {
    switch (b) {
    case 0x66:
    case 0x67:
    case 0xF0:
    case 0xF2:
    case 0xF3:
    case 0x26:
    case 0x2E:
    case 0x36:
    case 0x3E:
    case 0x64:
    case 0x65:
        return true;
    default:
        return false;
    }
}

class CrossCheck : public testing::Test {
  protected:
    static void SetUpTestSuite() { llvm_ = new Llvm; }
    static void TearDownTestSuite() {
        delete llvm_;
        llvm_ = nullptr;
    }

    // Checks one 15-byte window; returns false after recording a failure.
    bool check(const uint8_t* p, size_t n, Stats* stats) {
        const Insn d = decode(p, n);
        if (n >= decoder_impl::kMaxLength) {
            int64_t rel;
            bool call;
            unsigned fast = decoder_impl::plain_length(p);
            if (fast == 0) fast = decoder_impl::nop_length(p);
            if (fast == 0) fast = decoder_impl::branch_length(p, rel, call);
            if (fast != 0) {
                ++stats->fast;
                if (d.status != DecodeStatus::Ok || d.length != fast || !accepted(p, d)) {
                    ADD_FAILURE() << "fast path: length " << fast << ", decoder " << int(d.length)
                                  << ": " << hex(p, n);
                    return false;
                }
            }
        }
        if (!accepted(p, d)) return true;
        ++stats->accepted;
        bool llvm_memory = false;
        size_t llvm_len = llvm_->decode(p, n, &llvm_memory);
        // LLVM prints some prefixes (lock, rep, segment) as an instruction of their own.
        for (size_t skipped = 0;
             llvm_len == 1 && is_legacy_prefix(p[skipped]) && skipped + 1 < n;) {
            ++skipped;
            const size_t rest = llvm_->decode(p + skipped, n - skipped, &llvm_memory);
            llvm_len = rest ? rest + skipped : 0;
            if (rest != 1) break;
        }
        // VEX encodings that the processor rejects with #UD (VEX.vvvv not 1111 where it
        // is unused, VEX.L = 1 on a scalar or 128-bit-only form, VEX.W on a W0 form) are
        // not rejected by the validator's table; LLVM refuses them. Harmless: #UD faults,
        // so no instruction of another length can execute there. Counted, not failed.
        // LLVM refuses REX.W on some SSE forms where the processor ignores it. REX.W
        // changes no length there (it only does for B8+r, which LLVM decodes): retry
        // without it.
        if (llvm_len == 0 && d.has(PRex) && d.rex_w() && d.opcode_offset > 0 &&
            p[d.opcode_offset - 1] == d.rex) {
            uint8_t copy[15];
            std::memcpy(copy, p, n);
            copy[d.opcode_offset - 1] &= ~0x08;
            llvm_len = llvm_->decode(copy, n, &llvm_memory);
            if (llvm_len) ++stats->llvm_rexw_retry;
        }
        if (llvm_len == 0 && d.has(PVex)) {
            ++stats->llvm_invalid_vex;
            return true;
        }
        if (llvm_len != d.length) {
            ADD_FAILURE() << "length: ours " << int(d.length) << " (" << d.entry->name << "), LLVM "
                          << llvm_len << ": " << hex(p, n);
            return false;
        }
        const Kind k = d.entry->kind;
        if (d.has_modrm && k != Kind::String && k != Kind::Lea && llvm_memory != d.has_memory) {
            ADD_FAILURE() << "memory operand: ours " << d.has_memory << " (" << d.entry->name
                          << "), LLVM " << llvm_memory << ": " << hex(p, n);
            return false;
        }
        const size_t cs_len = capstone_.decode(p, n);
        if (cs_len == 0) {
            ++stats->capstone_failed;
        } else if (cs_len != d.length) {
            ADD_FAILURE() << "length: ours " << int(d.length) << " (" << d.entry->name
                          << "), Capstone " << cs_len << ": " << hex(p, n);
            return false;
        }
        return true;
    }

    void report(const char* what, const Stats& s) {
        std::printf("[ %s ] %zu accepted instructions checked; Capstone could not decode %zu; "
                    "VEX forms LLVM rejects as #UD encodings: %zu; REX.W retried: %zu; "
                    "taken by a fast path: %zu\n",
                    what, s.accepted, s.capstone_failed, s.llvm_invalid_vex, s.llvm_rexw_retry,
                    s.fast);
    }

    static Llvm* llvm_;
    Capstone capstone_;
    std::mt19937_64 rng_{12345};
};

Llvm* CrossCheck::llvm_ = nullptr;

TEST_F(CrossCheck, StructuredRandom) {
    ASSERT_TRUE(llvm_->ok());
    static const uint8_t kPrefixes[] = {0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E,
                                        0x3E, 0x26, 0x36, 0x64, 0x65};
    Stats stats;
    int failures = 0;
    for (size_t it = 0; it < iterations() && failures < 20; ++it) {
        uint8_t buf[15];
        size_t i = 0;
        const unsigned np = rng_() % 4;
        for (unsigned k = 0; k < np; ++k)
            buf[i++] = kPrefixes[rng_() % sizeof kPrefixes];
        if (rng_() % 2) buf[i++] = static_cast<uint8_t>(0x40 | (rng_() & 15));
        switch (rng_() % 6) {
        case 0:
            break;
        case 1:
            buf[i++] = 0x0F;
            break;
        case 2:
            buf[i++] = 0x0F, buf[i++] = 0x38;
            break;
        case 3:
            buf[i++] = 0x0F, buf[i++] = 0x3A;
            break;
        case 4:
            buf[i++] = 0xC5;
            break;
        case 5:
            buf[i++] = 0xC4, buf[i++] = static_cast<uint8_t>((rng_() & 0xE0) | (1 + rng_() % 3));
            break;
        }
        while (i < 15)
            buf[i++] = static_cast<uint8_t>(rng_());
        if (!check(buf, 15, &stats)) ++failures;
    }
    report("structured", stats);
    EXPECT_GT(stats.accepted, iterations() / 50);
}

TEST_F(CrossCheck, FullyRandom) {
    ASSERT_TRUE(llvm_->ok());
    Stats stats;
    int failures = 0;
    for (size_t it = 0; it < iterations() && failures < 20; ++it) {
        uint8_t buf[15];
        for (uint8_t& b : buf)
            b = static_cast<uint8_t>(rng_());
        if (!check(buf, 15, &stats)) ++failures;
    }
    report("random", stats);
}

TEST_F(CrossCheck, MutatedValidCode) {
    ASSERT_TRUE(llvm_->ok());
    const auto code = bench::generate_valid_code(1 << 16, 0x20000, 7);
    std::vector<size_t> starts;
    for (size_t off = 0; off < code.size();) {
        const Insn d = decode(code.data() + off, code.size() - off);
        ASSERT_EQ(d.status, DecodeStatus::Ok) << off;
        starts.push_back(off);
        off += d.length;
    }
    Stats stats;
    int failures = 0;
    for (size_t it = 0; it < iterations() && failures < 20; ++it) {
        uint8_t buf[15];
        const size_t s = starts[rng_() % starts.size()];
        for (size_t k = 0; k < 15; ++k)
            buf[k] = s + k < code.size() ? code[s + k] : 0xF4;
        const unsigned flips = 1 + rng_() % 2;
        for (unsigned k = 0; k < flips; ++k) {
            const size_t at = rng_() % 6;
            if (rng_() % 2)
                buf[at] ^= static_cast<uint8_t>(1u << (rng_() % 8));
            else
                buf[at] = static_cast<uint8_t>(rng_());
        }
        if (!check(buf, 15, &stats)) ++failures;
    }
    report("mutated", stats);
}

TEST_F(CrossCheck, CorpusOfValidCode) {
    // Every instruction of generated valid code: all three decoders agree.
    ASSERT_TRUE(llvm_->ok());
    const auto code = bench::generate_valid_code(1 << 18, 0x20000, 3);
    Stats stats;
    for (size_t off = 0; off < code.size();) {
        const size_t n = std::min<size_t>(15, code.size() - off);
        const Insn d = decode(code.data() + off, n);
        ASSERT_EQ(d.status, DecodeStatus::Ok);
        ASSERT_TRUE(check(code.data() + off, n, &stats));
        off += d.length;
    }
    report("valid code", stats);
}

} // namespace
} // namespace zvm::validator
