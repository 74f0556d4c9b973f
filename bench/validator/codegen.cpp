#include "codegen.h"

#include "validator/decoder.h"
#include "validator/rules.h"

#include <random>

namespace zvm::validator::bench {

namespace {

using Bytes = std::vector<uint8_t>;

// Templates; a 0xA? byte is patched with a random register (low 3 bits) where marked.
struct Template {
    Bytes bytes;
    int reg_byte; // index of a ModRM byte whose rm field is randomized (to a non-rsp register), or
                  // -1
};

const Template kTemplates[] = {
    {{0x48, 0x89, 0xC8}, 2},                          // mov %rcx,%r?
    {{0x89, 0xC8}, 1},                                // mov %ecx,%e?
    {{0x67, 0x8B, 0x44, 0x24, 0x10}, -1},             // mov 16(%esp),%eax
    {{0x67, 0x48, 0x89, 0x44, 0x24, 0x08}, -1},       // mov %rax,8(%esp)
    {{0x67, 0x48, 0x8B, 0x47, 0x08}, -1},             // mov 8(%edi),%rax
    {{0x67, 0x89, 0x0C, 0x8A}, -1},                   // mov %ecx,(%edx,%ecx,4)
    {{0x48, 0x83, 0xC0, 0x10}, 2},                    // add $16,%r?
    {{0x48, 0x8D, 0x04, 0x88}, -1},                   // lea (%rax,%rcx,4),%rax
    {{0x48, 0x8D, 0x05, 0x10, 0x00, 0x00, 0x00}, -1}, // lea 16(%rip),%rax
    {{0x85, 0xC0}, 1},                                // test %eax,%e?
    {{0x48, 0x39, 0xC8}, 2},                          // cmp %rcx,%r?
    {{0x0F, 0x94, 0xC0}, -1},                         // sete %al
    {{0x0F, 0xB6, 0xC0}, -1},                         // movzbl %al,%eax
    {{0x67, 0x0F, 0xB6, 0x04, 0x0A}, -1},             // movzbl (%edx,%ecx),%eax
    {{0x48, 0x69, 0xC0, 0x10, 0x27, 0x00, 0x00}, -1}, // imul $10000,%rax,%rax
    {{0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8}, -1},       // movabs $imm64,%rax
    {{0x31, 0xC0}, -1},                               // xor %eax,%eax
    {{0x48, 0xC1, 0xE0, 0x03}, 2},                    // shl $3,%r?
    {{0x41, 0x50}, -1},                               // push %r8
    {{0x41, 0x58}, -1},                               // pop %r8
    {{0x53}, -1},                                     // push %rbx
    {{0x5B}, -1},                                     // pop %rbx
    {{0x0F, 0x28, 0xC1}, -1},                         // movaps %xmm1,%xmm0
    {{0xF2, 0x0F, 0x58, 0xC1}, -1},                   // addsd %xmm1,%xmm0
    {{0x67, 0xF2, 0x0F, 0x10, 0x44, 0x24, 0x08}, -1}, // movsd 8(%esp),%xmm0
    {{0x66, 0x0F, 0xEF, 0xC0}, -1},                   // pxor %xmm0,%xmm0
    {{0x67, 0xC5, 0xFC, 0x28, 0x07}, -1},             // vmovaps (%edi),%ymm0
    {{0xC5, 0xF4, 0x58, 0xC2}, -1},                   // vaddps %ymm2,%ymm1,%ymm0
    {{0xC4, 0xE2, 0x75, 0xB8, 0xD0}, -1},             // vfmadd231ps %ymm0,%ymm1,%ymm2
    {{0x67, 0xF0, 0x48, 0x0F, 0xB1, 0x0F}, -1},       // lock cmpxchg %rcx,(%edi)
    {{0xF3, 0x48, 0x0F, 0xB8, 0xC1}, -1},             // popcnt %rcx,%rax
    {{0xC4, 0xE2, 0xF8, 0xF3, 0xC9}, -1},             // blsr %rcx,%rax
    {{0x48, 0x0F, 0x44, 0xC1}, -1},                   // cmove %rcx,%rax
    {{0x83, 0xEC, 0x20}, -1},                         // sub $32,%esp
    {{0x8D, 0x64, 0x24, 0x20}, -1},                   // lea 32(%rsp),%esp
    {{0x67, 0xF3, 0xA4}, -1},                         // addr32 rep movsb
};

// LLVM's nop forms by length (1-11), used for bundle padding.
const Bytes kNops[] = {
    {},
    {0x90},
    {0x66, 0x90},
    {0x0F, 0x1F, 0x00},
    {0x0F, 0x1F, 0x40, 0x00},
    {0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

class Generator {
  public:
    Generator(uint64_t base, uint64_t seed) : base_(base), rng_(seed) {}

    Bytes run(size_t size) {
        while (out_.size() < size)
            bundle();
        return std::move(out_);
    }

  private:
    size_t room() const { return 32 - out_.size() % 32; }

    void pad() {
        size_t r = room();
        if (r == 32) return;
        while (r > 0) {
            const size_t n = r > 11 ? 11 : r;
            out_.insert(out_.end(), kNops[n].begin(), kNops[n].end());
            r -= n;
        }
    }

    void emit(const Bytes& b) {
        if (b.size() > room()) pad();
        out_.insert(out_.end(), b.begin(), b.end());
    }

    // A direct branch back to a random earlier bundle start (always a valid target).
    Bytes branch(bool cond) {
        if (room() < (cond ? 6u : 5u)) pad();
        const size_t here = out_.size() + (cond ? 6 : 5);
        const size_t bundles = out_.size() / 32;
        const size_t target = bundles ? (rng_() % bundles) * 32 : 0;
        if (target > here) return {0x90};
        const int32_t rel =
            static_cast<int32_t>(static_cast<int64_t>(target) - static_cast<int64_t>(here));
        Bytes b = cond ? Bytes{0x0F, static_cast<uint8_t>(0x80 | (rng_() & 15))} : Bytes{0xE9};
        for (int i = 0; i < 4; ++i)
            b.push_back(static_cast<uint8_t>(rel >> (8 * i)));
        return b;
    }

    void bundle() {
        const unsigned kind = rng_() % 100;
        if (kind < 3) { // masked indirect jmp
            const uint8_t r = rng_() % 8;
            emit(
                {0x83, static_cast<uint8_t>(0xE0 | r), 0xE0, 0xFF, static_cast<uint8_t>(0xE0 | r)});
        } else if (kind < 6) { // the return sequence: pop %r11; and $-32,%r11d; jmp *%r11
            emit({0x41, 0x5B, 0x41, 0x83, 0xE3, 0xE0, 0x41, 0xFF, 0xE3});
        } else if (kind < 10) { // a call ending the bundle
            if (room() < 5) pad();
            const size_t before = room() - 5;
            for (size_t i = 0; i < before;) {
                const size_t n = before - i > 11 ? 11 : before - i;
                out_.insert(out_.end(), kNops[n].begin(), kNops[n].end());
                i += n;
            }
            Bytes call = branch(false);
            call[0] = 0xE8;
            out_.insert(out_.end(), call.begin(), call.end());
            return;
        }
        // Ordinary instructions until the bundle is (nearly) full.
        do {
            const unsigned k = rng_() % 40;
            if (k == 0) {
                emit(branch(true));
                continue;
            }
            const Template& t = kTemplates[rng_() % std::size(kTemplates)];
            Bytes b = t.bytes;
            if (t.reg_byte >= 0) {
                uint8_t r = rng_() % 8;
                if (r == 4) r = 3; // never write %rsp
                b[t.reg_byte] = static_cast<uint8_t>((b[t.reg_byte] & ~7) | r);
            }
            emit(b);
        } while (room() != 32 && room() > 3);
        pad();
    }

    uint64_t base_;
    std::mt19937_64 rng_;
    Bytes out_;
};

} // namespace

std::vector<uint8_t> sandboxize(const std::vector<uint8_t>& code, size_t max_size) {
    Bytes out;
    auto pad = [&out] {
        size_t r = (32 - out.size() % 32) % 32;
        while (r > 0) {
            const size_t n = r > 11 ? 11 : r;
            out.insert(out.end(), kNops[n].begin(), kNops[n].end());
            r -= n;
        }
    };
    size_t off = 0;
    while (off < code.size() && out.size() < max_size) {
        const Insn d = decode(code.data() + off, code.size() - off);
        if (d.status != DecodeStatus::Ok) {
            ++off;
            continue;
        }
        Bytes b(code.begin() + off, code.begin() + off + d.length);
        off += d.length;
        const Kind k = d.entry->kind;
        if (k == Kind::Jcc || k == Kind::Jmp || k == Kind::Call || k == Kind::JmpIndirect ||
            k == Kind::CallIndirect || k == Kind::Ret)
            continue;
        Context c;
        c.cur = Located{&d, b.data(), 0x20000};
        if (check_allowed(c) || check_segment(c) || check_stack_pointer(c)) continue;
        const bool needs67 = !d.has(P67) && (k == Kind::String ||
                                             (d.has_memory && k != Kind::Lea && k != Kind::Nop));
        if (needs67) {
            if (b.size() == 15) continue;
            b.insert(b.begin(), 0x67);
        }
        if (out.size() % 32 + b.size() > 32) pad();
        out.insert(out.end(), b.begin(), b.end());
    }
    pad();
    return out;
}

std::vector<uint8_t> generate_valid_code(size_t size, uint64_t base, uint64_t seed) {
    return Generator(base, seed).run(size);
}

const std::vector<uint8_t>& llvm_nop(size_t length) {
    return kNops[length >= 1 && length < std::size(kNops) ? length : 1];
}

} // namespace zvm::validator::bench
