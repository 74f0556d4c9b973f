// LLVM's reading of accepted code, judged against the sandbox model (see validator_oracle.h).
// Nothing here uses the validator's decoder, tables or rules: the facts come from LLVM's MC
// layer (opcode names, operand registers, MCInstrDesc flags) and from the raw bytes.
#include "tests/fuzz/validator_oracle.h"

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

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace zvm::validator::fuzz {

namespace {

constexpr uint64_t kBundle = 32;
constexpr uint64_t kTrampolineBase = 0x10000; // docs/sfi-model.md, "Layout"
constexpr uint64_t kTrampolineEnd = 0x1F000;

// LLVM opcode names (prefixes of names) the model forbids, by the groups of
// docs/sfi-model.md R2, plus every ret (R7) and MMX (not on the allow-list).
constexpr std::string_view kForbidden[] = {
    // system calls and privileged instructions
    "SYSCALL", "SYSENTER", "SYSEXIT", "SYSRET", "INTO", "INT1", "IRET", "IN8", "IN16", "IN32",
    "INSB", "INSW", "INSL", "OUT8", "OUT16", "OUT32", "OUTSB", "OUTSW", "OUTSL", "CLI", "STI",
    "LGDT", "SGDT", "LIDT", "SIDT", "LLDT", "SLDT", "LTR", "STR16", "STR32", "STR64", "STRm",
    "VERR", "VERW", "LMSW", "SMSW", "INVLPG", "INVPCID", "SWAPGS", "MONITOR", "MWAIT", "XGETBV",
    "XSETBV", "LAR", "LSL", "CLTS", "INVD", "WBINVD", "WBNOINVD", "WRMSR", "RDMSR", "GETSEC", "RSM",
    "MOV64cr", "MOV64rc", "MOV64dr", "MOV64rd", "MOV32cr", "MOV32rc", "MOV32dr", "MOV32rd",
    // segment registers
    "LFS", "LGS", "LSS", "RDFSBASE", "RDGSBASE", "WRFSBASE", "WRGSBASE", "PUSHFS", "POPFS",
    "PUSHGS", "POPGS",
    // far control transfer and returns
    "FARJMP", "FARCALL", "RET", "LRET", "IRET",
    // non-determinism
    "CPUID", "RDTSC", "RDPID", "RDPMC", "RDRAND", "RDSEED",
    // processor state
    "XSAVE", "XRSTOR", "FXSAVE", "FXRSTOR", "PUSHF", "POPF", "ENTER",
    // cache flushes and non-temporal stores
    "CLFLUSH", "CLWB", "MOVNTI", "MOVNTDQmr", "MOVNTPSmr", "MOVNTPDmr", "VMOVNTDQmr", "VMOVNTDQYmr",
    "VMOVNTPS", "VMOVNTPD", "MASKMOVQ", "MMX_", "MOVNTSD", "MOVNTSS",
    // bt* with a register bit offset on memory
    "BT16mr", "BT32mr", "BT64mr", "BTS16mr", "BTS32mr", "BTS64mr", "BTR16mr", "BTR32mr", "BTR64mr",
    "BTC16mr", "BTC32mr", "BTC64mr",
    // TSX
    "XBEGIN", "XABORT", "XEND", "XTEST", "XACQUIRE", "XRELEASE",
    // moffs
    "MOV8ao", "MOV16ao", "MOV32ao", "MOV64ao", "MOV8oa", "MOV16oa", "MOV32oa", "MOV64oa",
    // loop, jrcxz
    "LOOP", "JCXZ", "JECXZ", "JRCXZ",
    // gathers
    "VPGATHER", "VGATHER"};

// Opcodes (names, or prefixes of names) LLVM marks as having unmodelled side effects that
// the model allows. x87 instructions (which LLVM marks because of the FPU status word) are
// recognised by their implicit FPSW operand instead of by name.
constexpr std::string_view kHarmlessSideEffects[] = {
    "LFENCE",  "MFENCE",   "SFENCE",   "PAUSE",      "TRAP",       "INT3",        "HLT",
    "ENDBR64", "CLD",      "STD",      "CMC",        "CLC",        "STC",         "LDMXCSR",
    "STMXCSR", "VLDMXCSR", "VSTMXCSR", "VZEROUPPER", "VZEROALL",   "MOVSB",       "MOVSW",
    "MOVSL",   "MOVSQ",    "STOSB",    "STOSW",      "STOSL",      "STOSQ",       "LODSB",
    "LODSW",   "LODSL",    "LODSQ",    "SCASB",      "SCASW",      "SCASL",       "SCASQ",
    "CMPSB",   "CMPSW",    "CMPSL",    "CMPSQ",      "MASKMOVDQU", "VMASKMOVDQU", "DIV8",
    "DIV16",   "DIV32",    "DIV64",    "IDIV8",      "IDIV16",     "IDIV32",      "IDIV64"};

// The only forms that may name %rsp (or %esp, %sp, %spl) as an explicit destination: 32-bit
// mov, add, sub, and, lea (R5). `MOV32ri` (B8+r) is safe too; the validator's table only
// lists C7 /0, which is stricter.
constexpr std::string_view kRspWriters[] = {
    "MOV32rr",     "MOV32rr_REV", "MOV32rm",   "MOV32ri",  "MOV32ri_alt", "ADD32rr",
    "ADD32rr_REV", "ADD32rm",     "ADD32ri",   "ADD32ri8", "SUB32rr",     "SUB32rr_REV",
    "SUB32rm",     "SUB32ri",     "SUB32ri8",  "AND32rr",  "AND32rr_REV", "AND32rm",
    "AND32ri",     "AND32ri8",    "LEA64_32r", "LEA32r"};

bool starts_with_any(std::string_view name, const std::string_view* list, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (name.substr(0, list[i].size()) == list[i]) return true;
    return false;
}

template <size_t N> bool is_one_of(std::string_view name, const std::string_view (&list)[N]) {
    return std::find(list, list + N, name) != list + N;
}

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

// Legacy prefix bytes at the start of an instruction (before REX/VEX and the opcode).
struct RawPrefixes {
    bool p66 = false, p67 = false, fs_gs = false, null_segment = false;
};

RawPrefixes raw_prefixes(const uint8_t* p, size_t n) {
    RawPrefixes r;
    for (size_t i = 0; i < n; ++i) {
        switch (p[i]) {
        case 0x66:
            r.p66 = true;
            continue;
        case 0x67:
            r.p67 = true;
            continue;
        case 0x64:
        case 0x65:
            r.fs_gs = true;
            continue;
        case 0x26:
        case 0x2E:
        case 0x36:
        case 0x3E:
            r.null_segment = true;
            continue;
        case 0xF0:
        case 0xF2:
        case 0xF3:
            continue;
        default:
            return r;
        }
    }
    return r;
}

std::string hex_bytes(const uint8_t* p, size_t n) {
    std::string s;
    char buf[4];
    for (size_t i = 0; i < n; ++i) {
        std::snprintf(buf, sizeof buf, i ? " %02x" : "%02x", p[i]);
        s += buf;
    }
    return s;
}

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// Register classes by LLVM name: enough to tell the kinds the model cares about.
bool is_gpr32(std::string_view r) {
    static constexpr std::string_view k[] = {"EAX",  "ECX",  "EDX",  "EBX",  "ESP",  "EBP",
                                             "ESI",  "EDI",  "R8D",  "R9D",  "R10D", "R11D",
                                             "R12D", "R13D", "R14D", "R15D", "EIP",  "EIZ"};
    return is_one_of(r, k);
}
bool is_segment(std::string_view r) {
    return r == "ES" || r == "CS" || r == "SS" || r == "DS" || r == "FS" || r == "GS";
}
bool is_control_or_debug(std::string_view r) {
    return r.size() >= 3 && (r.substr(0, 2) == "CR" || r.substr(0, 2) == "DR") && r[2] >= '0' &&
           r[2] <= '9';
}
bool is_stack_pointer(std::string_view r) {
    return r == "RSP" || r == "ESP" || r == "SP" || r == "SPL";
}
// The 64-bit register a 32-bit one is the low half of ("EAX" -> "RAX", "R8D" -> "R8").
std::string widen(std::string_view r32) {
    if (r32.size() == 3 && r32[0] == 'E') return "R" + std::string(r32.substr(1));
    if (!r32.empty() && r32.back() == 'D') return std::string(r32.substr(0, r32.size() - 1));
    return {};
}

} // namespace

struct Oracle::Llvm {
    std::unique_ptr<llvm::MCRegisterInfo> mri;
    std::unique_ptr<llvm::MCAsmInfo> mai;
    std::unique_ptr<llvm::MCSubtargetInfo> sti;
    std::unique_ptr<llvm::MCInstrInfo> mii;
    std::unique_ptr<llvm::MCContext> ctx;
    std::unique_ptr<llvm::MCDisassembler> dis;

    // One instruction as the processor sees it: LLVM's reading of the bytes after any
    // prefixes LLVM returned as instructions of their own (lock, rep, segment, ...).
    struct Read {
        llvm::MCInst inst;
        size_t length = 0;  // 0: LLVM does not decode it
        size_t skipped = 0; // prefix bytes LLVM returned separately
    };

    Read read(const uint8_t* p, size_t n, uint64_t address) {
        Read r;
        while (r.skipped < n) {
            llvm::MCInst inst;
            uint64_t size = 0;
            const auto status = dis->getInstruction(
                inst, size, llvm::ArrayRef<uint8_t>(p + r.skipped, n - r.skipped),
                address + r.skipped, llvm::nulls());
            if (status != llvm::MCDisassembler::Success || size == 0) return Read{};
            const llvm::StringRef name = mii->getName(inst.getOpcode());
            if (name.ends_with("_PREFIX")) {
                r.skipped += size;
                continue;
            }
            r.inst = inst;
            r.length = r.skipped + size;
            return r;
        }
        return Read{};
    }
};

Oracle::Oracle() : llvm_(std::make_unique<Llvm>()) {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86Disassembler();
    const std::string triple = "x86_64-unknown-linux-gnu";
    std::string error;
    const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target) return;
    Llvm& l = *llvm_;
    l.mri.reset(target->createMCRegInfo(triple));
    llvm::MCTargetOptions options;
    l.mai.reset(target->createMCAsmInfo(*l.mri, triple, options));
    // Every extension of the allow-list, so that LLVM decodes all of them.
    l.sti.reset(target->createMCSubtargetInfo(triple, "x86-64-v3", "+aes,+pclmul"));
    l.mii.reset(target->createMCInstrInfo());
    l.ctx = std::make_unique<llvm::MCContext>(llvm::Triple(triple), l.mai.get(), l.mri.get(),
                                              l.sti.get());
    l.dis.reset(target->createMCDisassembler(*l.sti, *l.ctx));
}

Oracle::~Oracle() = default;

bool Oracle::ok() const {
    return llvm_->dis != nullptr;
}

std::string Oracle::check(std::span<const uint8_t> code, uint64_t base, LengthHint hint,
                          OracleStats* stats) {
    Llvm& l = *llvm_;
    const size_t size = code.size();
    std::vector<bool> starts(size), interior(size);
    struct Branch {
        size_t offset;
        uint64_t target;
    };
    std::vector<Branch> branches;

    // The previous instruction in the current bundle, if it was a 32-bit `and` with an
    // immediate whose low 5 bits are clear: the 64-bit register it masked.
    std::string masked;
    for (size_t off = 0; off < size;) {
        if (off % kBundle == 0) masked.clear();
        const uint8_t* p = code.data() + off;
        const size_t avail = std::min<size_t>(15, size - off);
        const uint64_t addr = base + off;
        auto where = [&](size_t len) {
            return " at " + hex(addr) + " (" + hex_bytes(p, std::min(len ? len : avail, avail)) +
                   ")";
        };
        // The legacy prefixes end at k; the last of F2 and F3 among them is the mandatory one.
        size_t k = 0;
        uint8_t repeat = 0;
        while (k < avail && is_legacy_prefix(p[k])) {
            if (p[k] == 0xF2 || p[k] == 0xF3) repeat = p[k];
            ++k;
        }
        const bool rexw = k < avail && (p[k] & 0xF8) == 0x48;
        auto read_without_w = [&] {
            uint8_t copy[15];
            std::memcpy(copy, p, avail);
            copy[k] &= ~0x08;
            return l.read(copy, avail, addr);
        };
        // Documented exceptions (validator_oracle.h): F3 REX.W 0F 7E is read as the
        // processor reads it, without W (LLVM 19 reads an MMX movq to a general register).
        const bool f3_movq =
            repeat == 0xF3 && rexw && k + 2 < avail && p[k + 1] == 0x0F && p[k + 2] == 0x7E;
        Llvm::Read r = f3_movq ? read_without_w() : l.read(p, avail, addr);
        if (f3_movq) ++stats->rexw_retry;
        if (r.length == 0) {
            // A VEX form the processor rejects with #UD, stepped over with the validator's
            // length; REX.W on an SSE form, judged as LLVM reads it without W.
            const size_t given = hint ? hint(code.data(), size, off) : 0;
            if (given && rexw) {
                r = read_without_w();
                if (r.length == given)
                    ++stats->rexw_retry;
                else
                    r = Llvm::Read{};
            }
            if (given && r.length == 0 && k < avail && (p[k] == 0xC4 || p[k] == 0xC5)) {
                ++stats->ud_vex;
                if (off % kBundle + given > kBundle)
                    return "R1: an instruction LLVM refuses crosses a bundle" + where(given);
                starts[off] = true;
                masked.clear();
                off += given;
                continue;
            }
            if (r.length == 0) return "LLVM cannot decode an accepted instruction" + where(0);
        }
        ++stats->instructions;
        const size_t len = r.length;
        if (off % kBundle + len > kBundle)
            return "R1: instruction crosses a bundle boundary" + where(len);
        starts[off] = true;

        const llvm::MCInst& inst = r.inst;
        const llvm::MCInstrDesc& desc = l.mii->get(inst.getOpcode());
        const std::string name = l.mii->getName(inst.getOpcode()).str();
        const std::string what = name + where(len);
        if (desc.isReturn()) return "R7: return " + what;
        if (starts_with_any(name, kForbidden, std::size(kForbidden)) || name == "INT")
            return "R2: forbidden instruction " + what;

        bool x87 = false;
        for (const llvm::MCPhysReg reg : desc.implicit_defs())
            x87 |= std::string_view(l.mri->getName(reg)) == "FPSW";
        for (const llvm::MCPhysReg reg : desc.implicit_uses())
            x87 |= std::string_view(l.mri->getName(reg)) == "FPSW";
        if (desc.hasUnmodeledSideEffects() && !x87 &&
            !starts_with_any(name, kHarmlessSideEffects, std::size(kHarmlessSideEffects)))
            return "R2: instruction with side effects not known harmless " + what;

        const RawPrefixes pre = raw_prefixes(p, len);
        const bool nop = name.rfind("NOOP", 0) == 0;
        const bool lea = name.rfind("LEA", 0) == 0;
        if (pre.fs_gs) return "R3: %fs/%gs prefix on " + what;
        if (pre.null_segment && !nop) return "R2: segment prefix on " + what;

        // Operands: memory registers 32-bit (R3/R4), no segment/control/debug registers,
        // explicit %rsp destinations only in the R5 forms.
        bool has_memory = false;
        const unsigned described = desc.getNumOperands();
        for (unsigned i = 0; i < inst.getNumOperands(); ++i) {
            const llvm::MCOperand& op = inst.getOperand(i);
            if (!op.isReg() || op.getReg() == 0) continue;
            const std::string_view reg = l.mri->getName(op.getReg());
            const bool memory =
                i < described && desc.operands()[i].OperandType == llvm::MCOI::OPERAND_MEMORY;
            if (memory) {
                has_memory = true;
                if (is_segment(reg)) {
                    if (reg == "FS" || reg == "GS") return "R3: %fs/%gs memory operand " + what;
                    continue;
                }
                if (!nop && !lea && !is_gpr32(reg))
                    return "R3: memory operand through " + std::string(reg) +
                           " (not a 32-bit address) in " + what;
                continue;
            }
            if (is_segment(reg) || is_control_or_debug(reg))
                return "R2: " + std::string(reg) + " operand in " + what;
            if (i < desc.getNumDefs() && is_stack_pointer(reg) && !is_one_of(name, kRspWriters))
                return "R5: writes " + std::string(reg) + " in " + what;
        }
        bool uses_stack = false;
        for (const llvm::MCPhysReg reg : desc.implicit_uses())
            uses_stack |= std::string_view(l.mri->getName(reg)) == "RSP";
        for (const llvm::MCPhysReg reg : desc.implicit_defs()) {
            if (!is_stack_pointer(l.mri->getName(reg))) continue;
            const bool bounded = name.rfind("PUSH", 0) == 0 || name.rfind("POP", 0) == 0 ||
                                 name.rfind("CALL", 0) == 0;
            if (!bounded) return "R5: implicitly sets %rsp in " + what;
        }
        // Implicit memory accesses that are not the stack's (xlat, maskmovdqu) need 0x67.
        if ((desc.mayLoad() || desc.mayStore()) && !has_memory && !uses_stack && !pre.p67 &&
            (name.rfind("XLAT", 0) == 0 || name.find("MASKMOVDQU") != std::string::npos))
            return "R4: implicit memory access without 0x67 in " + what;

        // Branches.
        const bool branch =
            desc.isBranch() || desc.isCall() || desc.isReturn() || desc.isIndirectBranch();
        if (branch && pre.p66) return "R9: 0x66 on a branch " + what;
        if (desc.isCall() && (addr + len) % kBundle != 0)
            return "R8: call does not end at a bundle end " + what;
        const bool direct = desc.getNumOperands() > 0 &&
                            desc.operands()[0].OperandType == llvm::MCOI::OPERAND_PCREL &&
                            inst.getNumOperands() > 0 && inst.getOperand(0).isImm();
        if (branch && direct) {
            // The displacement is relative to the end of the whole instruction.
            branches.push_back(
                {off, addr + len + static_cast<uint64_t>(inst.getOperand(0).getImm())});
        } else if (branch) {
            // Indirect: a register operand, masked by the previous instruction.
            if (inst.getNumOperands() != 1 || !inst.getOperand(0).isReg() || has_memory)
                return "R6: indirect branch that is not through a register " + what;
            const std::string reg = l.mri->getName(inst.getOperand(0).getReg());
            if (masked.empty() || masked != reg)
                return "R6: jmp/call through " + reg + " not right after a 32-bit mask of it " +
                       what;
            interior[off] = true;
        }

        masked.clear();
        if ((name == "AND32ri8" || name == "AND32ri") && inst.getNumOperands() == 3 &&
            inst.getOperand(0).isReg() && inst.getOperand(2).isImm() &&
            (inst.getOperand(2).getImm() & 31) == 0)
            masked = widen(l.mri->getName(inst.getOperand(0).getReg()));
        off += len;
    }

    for (const Branch& b : branches) {
        const uint64_t t = b.target;
        const std::string at = " (branch at " + hex(base + b.offset) + ")";
        if (t >= base && t - base < size) {
            const size_t o = static_cast<size_t>(t - base);
            if (!starts[o])
                return "R9: branch target " + hex(t) + " is not an instruction start" + at;
            if (interior[o]) return "R9: branch target " + hex(t) + " is inside a masked pair" + at;
        } else if (!(t >= kTrampolineBase && t < kTrampolineEnd && t % kBundle == 0)) {
            return "R9: branch target " + hex(t) + " is outside the code" + at;
        }
    }
    return {};
}

} // namespace zvm::validator::fuzz
