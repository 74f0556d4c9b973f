// The linear driver: decode each bundle's instructions in order, apply the rules of
// validator/rules.h to each, remember instruction starts and the insides of locked
// sequences (the jmp/call of each masked pair), then check every direct branch target.
#include "validator/validator.h"

#include "syscalls/abi.h"
#include "validator/decoder.h"
#include "validator/decoder_impl.h"
#include "validator/driver.h"
#include "validator/isa.h"
#include "validator/rules.h"

#include <algorithm>
#include <cstring>

namespace zvm::validator {

const char* rule_id(Rule rule) {
    switch (rule) {
    case Rule::Bundle:
        return "R1-bundle";
    case Rule::Decode:
        return "R2-decode";
    case Rule::Forbidden:
        return "R2-forbidden";
    case Rule::Addr32:
        return "R3-addr32";
    case Rule::SegmentPrefix:
        return "R3-segment";
    case Rule::StringAddr32:
        return "R4-string-addr32";
    case Rule::StackPointer:
        return "R5-stack-pointer";
    case Rule::IndirectBranch:
        return "R6-indirect-branch";
    case Rule::Return:
        return "R7-return";
    case Rule::CallAlignment:
        return "R8-call-alignment";
    case Rule::BranchTarget:
        return "R9-branch-target";
    case Rule::Branch16:
        return "R9-branch16";
    case Rule::Elf:
        return "R10-elf";
    }
    return "R?-unknown";
}

namespace {

class Bits {
  public:
    explicit Bits(size_t n) : words_((n + 63) / 64, 0) {}
    void set(size_t i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
    bool test(size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
    uint64_t* words() { return words_.data(); }
    uint64_t word(size_t i) const { return words_[i]; }

  private:
    std::vector<uint64_t> words_;
};

constexpr size_t kBundle = ZVM_BUNDLE_SIZE;

class Driver {
  public:
    Driver(std::span<const uint8_t> code, uint64_t base, const Options& options)
        : code_(code), base_(base), options_(options), starts_(code.size()), interior_(code.size()),
          bad_bundle_((code.size() + kBundle - 1) / kBundle) {}

    Result run(std::optional<uint64_t> entry) {
        result_.bytes_checked = code_.size();
        if (base_ % kBundle != 0) {
            report(base_, 0, 0, Rule::Bundle, "code base address is not 32-byte aligned");
            return std::move(result_);
        }
        if (code_.size() % kBundle != 0)
            report(base_ + code_.size() - code_.size() % kBundle, 0, 0, Rule::Bundle,
                   "code size is not a multiple of 32 bytes");
        // About one direct branch per 26 bytes in compiled code: one allocation, not twenty.
        branches_.reserve(code_.size() / 16);
        linear_pass();
        if (!full()) check_branch_targets();
        if (entry && !full() && !is_valid_target(*entry) && !in_bad_bundle(*entry))
            report(0, 0, 0, Rule::Elf,
                   "entry point " + hex(*entry) +
                       " is not an instruction start in the text (or is inside a locked sequence)");
        std::stable_sort(
            result_.violations.begin(), result_.violations.end(),
            [](const Violation& a, const Violation& b) { return a.address < b.address; });
        return std::move(result_);
    }

  private:
    static std::string hex(uint64_t v) {
        char buf[24];
        snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
        return buf;
    }

    bool full() const {
        return options_.max_errors != 0 && result_.violations.size() >= options_.max_errors;
    }

    void report(uint64_t address, size_t offset, size_t length, Rule rule, std::string message) {
        if (full()) return;
        Violation v;
        v.address = address;
        if (length) v.bytes.assign(code_.begin() + offset, code_.begin() + offset + length);
        v.rule = rule;
        v.message = std::move(message);
        result_.violations.push_back(std::move(v));
    }

    // The linear pass. Context (the instruction before the current one) is reset at every
    // bundle start. After an undecodable instruction decoding resumes at the next bundle;
    // after one that crosses a boundary, right behind it (its bytes are known). The decoder
    // is inlined here (validator/decoder_impl.h), without the written registers, which only
    // the instructions that are not obviously_fine() need.
    void linear_pass() {
        const uint8_t* const data = code_.data();
        const size_t size = code_.size();
        size_t off = 0;
        // The fast paths read 15 bytes: they run while that many are left.
        const size_t fast_end = !options_.fast_paths ? 0
                                : size >= decoder_impl::kMaxLength
                                    ? size - decoder_impl::kMaxLength + 1
                                    : 0;
        while (off < size) {
            if (off < fast_end) {
                off = fast_run(off, fast_end);
                if (off >= size) break;
            }
            const size_t end = std::min((off | (kBundle - 1)) + 1, size);
            Insn d;
            decoder_impl::decode_local<false>(data + off, size - off, d);
            if (d.status != DecodeStatus::Ok || (d.entry->flags & FInvalid64)) [[unlikely]] {
                undecodable(d, off, end);
                if (full()) return;
                off = end;
                continue;
            }
            starts_.set(off);
            // The fast paths take baseline instructions only (rules_test checks isa_of is 0
            // for all they take), so the extensions are all recorded here.
            result_.isa |= isa_of(d);
            const uint64_t addr = base_ + off;
            if (off + d.length > end) [[unlikely]] {
                report(addr, off, d.length, Rule::Bundle,
                       end == size ? "instruction runs past the end of the code"
                                   : "instruction crosses a bundle boundary");
                bad_bundle_.set(off / kBundle);
                if (end < size) bad_bundle_.set(end / kBundle);
                if (full()) return;
                off += d.length;
                continue;
            }
            if (!obviously_fine(d)) [[unlikely]] {
                decoder_impl::fill_writes(d);
                Context c;
                c.cur = Located{&d, data + off, addr, d.length};
                if (const size_t prev = previous_start(off); prev != off)
                    c.prev1 = Located{nullptr, data + prev, base_ + prev,
                                      static_cast<uint8_t>(off - prev)};
                check(c, off);
                if (full()) return;
            }
            off += d.length;
        }
    }

    // The common cases, which need no Insn and no rule: a plain instruction of the most
    // common shape, a padding nop, a direct branch without prefixes (decoder_impl::
    // plain_length, nop_length, branch_length; each reads at most 15 bytes, so they run
    // while that many are left, up to fast_end). Returns the offset of the first
    // instruction they do not take (anything else, or one crossing a bundle end), for the
    // full path.
    //
    // Bundle by bundle, two at a time: every instruction's length depends on the one
    // before it, so one bundle alone is a chain of dependent loads; the next bundle starts
    // at its own first byte (nothing crosses a bundle end here), so the processor can
    // follow both chains at once. The next bundle's results (its starts and branches) are
    // kept aside and used only when the current bundle's fast path reaches its end: then
    // the linear pass would start there too, and make the same decisions. Otherwise they
    // are dropped and the full path goes on from where the current bundle stopped.
    // Everything is recorded in the order of the linear pass.
    [[gnu::noinline]] size_t fast_run(size_t off, size_t fast_end) {
        // One bundle's fast path from `off` on: the instruction starts it took (by offset
        // in the bundle), the last one, and its direct branches.
        struct Lane {
            size_t off, end;
            uint32_t starts;
            uint32_t interior; // the jmp/call of masked pairs

            unsigned num_branches;
            Branch* branches;
        };
        const uint8_t* const data = code_.data();
        const uint64_t base = base_;
        Branch branches[2][kBundle / 2]; // a branch is at least 2 bytes long
        // Takes the instruction at l.off if a fast path does, and it ends in the bundle.
        auto take = [ data, base ](Lane & l) __attribute__((always_inline)) {
            const uint8_t* const p = data + l.off;
            unsigned len = decoder_impl::plain_length(p);
            int64_t rel = 0;
            bool branch = false;
            if (len == 0) {
                len = decoder_impl::nop_length(p);
                if (len == 0) {
                    bool call = false;
                    len = decoder_impl::branch_length(p, rel, call);
                    if (len == 0) {
                        len = masked_branch_length(p, l.off % kBundle, l.starts, call);
                        if (len == 0 || (call && (l.off + len) % kBundle != 0)) return false;
                        l.interior |= uint32_t{1} << (l.off % kBundle);
                    } else {
                        if (call && (l.off + len) % kBundle != 0) return false;
                        branch = true;
                    }
                }
            }
            if (l.off + len > l.end) return false;
            if (branch)
                l.branches[l.num_branches++] =
                    Branch{l.off, base + l.off + len + static_cast<uint64_t>(rel),
                           static_cast<uint8_t>(len)};
            l.starts |= uint32_t{1} << (l.off % kBundle);
            l.off += len;
            return true;
        };
        uint64_t* const starts = starts_.words();
        uint64_t* const interior = interior_.words();
        auto commit = [&](const Lane& l) {
            const size_t bundle = l.end - kBundle;
            starts[bundle >> 6] |= uint64_t{l.starts} << (bundle & 63);
            interior[bundle >> 6] |= uint64_t{l.interior} << (bundle & 63);
            for (unsigned i = 0; i < l.num_branches; ++i)
                branches_.push_back(l.branches[i]);
        };
        while (off < fast_end) {
            const size_t end = (off | (kBundle - 1)) + 1;
            Lane a{off, end, 0, 0, 0, branches[0]};
            if (end + kBundle <= fast_end) {
                Lane b{end, end + kBundle, 0, 0, 0, branches[1]};
                while (a.off < a.end && b.off < b.end && take(a) && take(b)) {
                }
                while (a.off < a.end && take(a)) {
                }
                commit(a);
                if (a.off != a.end) return a.off;
                while (b.off < b.end && take(b)) {
                }
                commit(b);
                if (b.off != b.end) return b.off;
                off = b.off;
            } else {
                while (a.off < fast_end && take(a)) {
                }
                commit(a);
                if (a.off != a.end) return a.off;
                off = a.off;
            }
        }
        return off;
    }

    // The start of the instruction before the one at `off` in the same bundle (instructions
    // in a bundle are contiguous: it ends at `off`), or `off` if there is none.
    size_t previous_start(size_t off) const {
        const size_t bundle = off & ~(kBundle - 1);
        const auto in_bundle = static_cast<uint32_t>(starts_.word(bundle >> 6) >> (bundle & 63));
        const uint32_t before = in_bundle & ((uint32_t{1} << (off % kBundle)) - 1);
        return before ? bundle + 31 - static_cast<size_t>(__builtin_clz(before)) : off;
    }

    // The second instruction of a masked pair (R6) as check_indirect_branch() accepts it,
    // in its most common form: `jmp/call *%reg` without prefixes but REX.B (41 for r8-r15),
    // right after `and $-32, %reg32` (83 /4 E0, with 41 for r8-r15), which this lane took
    // as the instruction before it: it starts in this bundle's `starts` exactly where the
    // mask must begin, and those bytes decode as one instruction of the mask's length, so
    // it is the previous instruction and ends here. `pos` is the
    // offset in the bundle. Its length, and whether it is a call (R8 is the caller's), or
    // 0. Reads at most 3 bytes at p and the mask's bytes before it.
    [[gnu::always_inline]] static unsigned masked_branch_length(const uint8_t* p, size_t pos,
                                                                uint32_t starts, bool& call) {
        const unsigned rex = p[0] == 0x41;
        const uint8_t modrm = p[rex + 1];
        if (p[rex] != 0xFF || ((modrm & 0xF8) != 0xE0 && (modrm & 0xF8) != 0xD0)) return 0;
        const unsigned mask_len = rex + 3;
        if (pos < mask_len || !((starts >> (pos - mask_len)) & 1)) return 0;
        const uint8_t* const m = p - mask_len;
        if ((rex && m[0] != 0x41) || m[rex] != 0x83 || m[rex + 1] != (0xE0 | (modrm & 7)) ||
            m[rex + 2] != 0xE0)
            return 0;
        call = (modrm & 0xF8) == 0xD0;
        return rex + 2;
    }

    void undecodable(const Insn& d, size_t off, size_t end) {
        const uint64_t addr = base_ + off;
        const size_t avail = std::min<size_t>(end - off, 15);
        if (d.status == DecodeStatus::Truncated && end == code_.size())
            report(addr, off, avail, Rule::Bundle, "instruction runs past the end of the code");
        else if (d.status == DecodeStatus::Unsupported || d.status == DecodeStatus::Ok)
            report(addr, off, d.status == DecodeStatus::Ok ? d.length : avail, Rule::Forbidden,
                   d.status == DecodeStatus::Ok ? std::string(d.entry->name) + " is not allowed"
                                                : std::string(d.error));
        else
            report(addr, off, avail, Rule::Decode, d.error ? d.error : "undecodable");
        bad_bundle_.set(off / kBundle);
    }

    void check(const Context& c, size_t off) {
        const Insn& d = *c.cur.insn;
        const uint64_t addr = c.cur.address;
        auto emit = [&](const std::optional<Finding>& f) {
            if (f) report(addr, off, d.length, f->rule, f->message);
            return f.has_value();
        };
        // Every ret is R7, whatever its prefixes: no other rule has anything to add.
        if (emit(check_return(c))) return;
        if (emit(check_allowed(c))) return;
        emit(check_segment(c));
        emit(check_addr32(c));
        emit(check_string_addr32(c));
        emit(check_stack_pointer(c));
        // A 16-bit branch goes nowhere predictable: no branch rule beyond R9-branch16.
        if (emit(check_branch16(c))) return;
        const Kind k = d.entry->kind;
        if (!emit(check_indirect_branch(c)) && (k == Kind::JmpIndirect || k == Kind::CallIndirect))
            interior_.set(off); // the jmp/call of a masked pair
        emit(check_call_alignment(c));
        if (is_direct_branch(d))
            branches_.push_back(Branch{off, direct_branch_target(c.cur), d.length});
    }

    // Bundles where decoding failed or went out of step: already reported.
    bool in_bad_bundle(uint64_t t) const {
        return t >= base_ && t - base_ < code_.size() && bad_bundle_.test((t - base_) / kBundle);
    }

    bool is_valid_target(uint64_t t) const {
        if (t < base_ || t - base_ >= code_.size()) return false;
        const size_t o = static_cast<size_t>(t - base_);
        return starts_.test(o) && !interior_.test(o);
    }

    void check_branch_targets() {
        for (const Branch& b : branches_) {
            const uint64_t t = b.target;
            const uint64_t address = base_ + b.off;
            if (t >= base_ && t - base_ < code_.size()) {
                const size_t o = static_cast<size_t>(t - base_);
                if (bad_bundle_.test(o / kBundle)) continue; // already reported there
                if (!starts_.test(o))
                    report(address, b.off, b.length, Rule::BranchTarget,
                           "branch target " + hex(t) + " is not an instruction start");
                else if (interior_.test(o))
                    report(address, b.off, b.length, Rule::BranchTarget,
                           "branch target " + hex(t) + " is inside a locked sequence");
            } else if (!is_trampoline_entry(t)) {
                report(address, b.off, b.length, Rule::BranchTarget,
                       "branch target " + hex(t) +
                           " is outside the text and not a trampoline entry");
            }
        }
    }

    // A direct branch seen by the linear pass, checked after it.
    struct Branch {
        size_t off;
        uint64_t target;
        uint8_t length;
    };

    std::span<const uint8_t> code_;
    uint64_t base_;
    Options options_;
    Result result_;
    Bits starts_;
    Bits interior_;
    Bits bad_bundle_;
    std::vector<Branch> branches_;
};

} // namespace

Result validate_code_with_entry(std::span<const uint8_t> code, uint64_t base,
                                const Options& options, std::optional<uint64_t> entry) {
    return Driver(code, base, options).run(entry);
}

Result validate_code(std::span<const uint8_t> code, uint64_t base, const Options& options) {
    return validate_code_with_entry(code, base, options, std::nullopt);
}

} // namespace zvm::validator
