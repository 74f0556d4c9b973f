#include "classify.h"

#include <llvm/ADT/Twine.h>
#include <llvm/MC/MCInstrDesc.h>
#include <llvm/Support/ErrorHandling.h>

namespace zvm::as {
namespace {

using llvm::StringRef;

// A name pattern: exact, or with one '*' standing for any (possibly empty) text.
bool matches(StringRef pattern, StringRef name) {
    size_t star = pattern.find('*');
    if (star == StringRef::npos) return pattern == name;
    StringRef head = pattern.take_front(star), tail = pattern.drop_front(star + 1);
    return name.size() >= head.size() + tail.size() && name.starts_with(head) &&
           name.ends_with(tail);
}

struct Rule {
    const char* pattern;
    const char* why;
};

// Instructions the rewriter cannot make safe. The validator has the last word (it is the
// allow-list); this list exists so that the toolchain fails early with a clear message.
constexpr Rule kForbidden[] = {
    {"SYSENTER", "system calls go through `syscall`, which is rewritten"},
    {"SYSEXIT*", "privileged instruction"},
    {"SYSRET*", "privileged instruction"},
    {"INT", "software interrupt"},
    {"INT3", "software interrupt"},
    {"INTO", "software interrupt"},
    {"IRET*", "interrupt return"},
    {"LRET*", "far return"},
    {"FARCALL*", "far call"},
    {"FARJMP*", "far jump"},
    {"JMPABS64i", "64-bit absolute jump"},
    {"RETI*", "`ret $n` cannot be made a masked return"},
    {"RET16", "16-bit return"},
    {"RET32", "32-bit return"},
    {"LEAVE", "32-bit leave"},
    {"CALL16*", "16-bit call"},
    {"CALL32*", "32-bit call"},
    {"JMP16r*", "16-bit jump"},
    {"JMP16m*", "16-bit jump"},
    {"JMP32r*", "32-bit jump"},
    {"JMP32m*", "32-bit jump"},
    {"ENTER", "enter writes %rsp"},
    {"CPUID", "cpuid is nondeterministic"},
    {"RDTSC", "the timestamp counter is nondeterministic"},
    {"RDTSCP", "the timestamp counter is nondeterministic"},
    {"RDPID*", "rdpid is nondeterministic"},
    {"RDPMC", "performance counters are nondeterministic"},
    {"RDRAND*", "hardware randomness is nondeterministic"},
    {"RDSEED*", "hardware randomness is nondeterministic"},
    {"XSAVE*", "xsave family is not allowed"},
    {"XRSTOR*", "xrstor family is not allowed"},
    {"FXSAVE*", "fxsave is not allowed"},
    {"FXRSTOR*", "fxrstor is not allowed"},
    {"CLFLUSH*", "cache flush (rowhammer)"},
    {"CLWB", "cache write-back (rowhammer)"},
    {"CLZERO*", "implicit memory address in %rax"},
    {"MOVNTI*mr", "non-temporal store (rowhammer)"},
    {"MOVNTImr", "non-temporal store (rowhammer)"},
    {"MOVNT*mr", "non-temporal store (rowhammer)"},
    {"VMOVNT*mr", "non-temporal store (rowhammer)"},
    {"MMX_MOVNTQmr", "non-temporal store (rowhammer)"},
    {"MOVNTSD", "non-temporal store (rowhammer)"},
    {"MOVNTSS", "non-temporal store (rowhammer)"},
    {"MOVDIR64B*", "address in a register operand"},
    {"ENQCMD*", "address in a register operand"},
    {"XBEGIN*", "transactional memory"},
    {"XEND", "transactional memory"},
    {"XABORT", "transactional memory"},
    {"XTEST", "transactional memory"},
    {"MONITOR*", "monitor/mwait"},
    {"MWAIT*", "monitor/mwait"},
    {"UMONITOR*", "monitor/mwait"},
    {"IN8r*", "port I/O"},
    {"IN16r*", "port I/O"},
    {"IN32r*", "port I/O"},
    {"OUT8*", "port I/O"},
    {"OUT16*", "port I/O"},
    {"OUT32*", "port I/O"},
    {"INSB", "port I/O"},
    {"INSW", "port I/O"},
    {"INSL", "port I/O"},
    {"OUTSB", "port I/O"},
    {"OUTSW", "port I/O"},
    {"OUTSL", "port I/O"},
    {"MOV16sr", "segment register write"},
    {"MOV32sr", "segment register write"},
    {"MOV64sr", "segment register write"},
    {"MOV16sm", "segment register write"},
    {"MOV16rs", "segment register access"},
    {"MOV32rs", "segment register access"},
    {"MOV64rs", "segment register access"},
    {"MOV16ms", "segment register access"},
    {"POPDS*", "segment register write"},
    {"POPES*", "segment register write"},
    {"POPSS*", "segment register write"},
    {"POPFS*", "segment register write"},
    {"POPGS*", "segment register write"},
    {"PUSHCS*", "segment register access"},
    {"PUSHDS*", "segment register access"},
    {"PUSHES*", "segment register access"},
    {"PUSHSS*", "segment register access"},
    {"PUSHFS*", "segment register access"},
    {"PUSHGS*", "segment register access"},
    {"LFS*", "segment register write"},
    {"LGS*", "segment register write"},
    {"LSS*", "segment register write"},
    {"RDFSBASE*", "segment base access"},
    {"RDGSBASE*", "segment base access"},
    {"WRFSBASE*", "segment base access"},
    {"WRGSBASE*", "segment base access"},
    {"SWAPGS", "segment base access"},
    {"FS_PREFIX", "%fs is the host's thread-local storage"},
    {"GS_PREFIX", "%gs is not available in the sandbox"},
    {"PUSHF*", "pushf is not allowed"},
    {"POPF*", "popf is not allowed"},
    {"MOV8ao*", "mov with a 64-bit absolute address"},
    {"MOV16ao*", "mov with a 64-bit absolute address"},
    {"MOV32ao*", "mov with a 64-bit absolute address"},
    {"MOV64ao*", "mov with a 64-bit absolute address"},
    {"MOV8o*a", "mov with a 64-bit absolute address"},
    {"MOV16o*a", "mov with a 64-bit absolute address"},
    {"MOV32o*a", "mov with a 64-bit absolute address"},
    {"MOV64o*a", "mov with a 64-bit absolute address"},
    {"BT*mr", "bit test with a register bit offset on memory can reach outside the sandbox"},
    {"VGATHER*", "gathers (VSIB addressing) are not supported"},
    {"VPGATHER*", "gathers (VSIB addressing) are not supported"},
    {"VSCATTER*", "scatters (VSIB addressing) are not supported"},
    {"VPSCATTER*", "scatters (VSIB addressing) are not supported"},
};

struct KindRule {
    const char* pattern;
    Kind kind;
};

constexpr KindRule kKinds[] = {
    {"*_PREFIX", Kind::Prefix},
    {"SYSCALL", Kind::Syscall},
    {"CALL64pcrel32", Kind::DirectCall},
    {"CALL64r", Kind::IndirectCallReg},
    {"CALL64r_NT", Kind::IndirectCallReg},
    {"CALL64m", Kind::IndirectCallMem},
    {"CALL64m_NT", Kind::IndirectCallMem},
    {"JMP64r", Kind::IndirectJmpReg},
    {"JMP64r_NT", Kind::IndirectJmpReg},
    {"JMP64r_REX", Kind::IndirectJmpReg},
    {"JMP64m", Kind::IndirectJmpMem},
    {"JMP64m_NT", Kind::IndirectJmpMem},
    {"JMP64m_REX", Kind::IndirectJmpMem},
    {"RET64", Kind::Return},
    {"LEAVE64", Kind::Leave},
};

// Instructions that access memory without an explicit memory operand of the usual form.
constexpr const char* kImplicitMemory[] = {"XLAT", "MASKMOVDQU*", "VMASKMOVDQU*", "MMX_MASKMOVQ*"};

// 64-bit writes of %rsp that have a 32-bit form writing %esp (which zero-extends into %rsp).
constexpr std::pair<const char*, const char*> kNarrowed[] = {
    {"MOV64rr", "MOV32rr"},         {"MOV64rr_REV", "MOV32rr_REV"}, {"MOV64rm", "MOV32rm"},
    {"MOV64ri32", "MOV32ri"},       {"ADD64rr", "ADD32rr"},         {"ADD64rr_REV", "ADD32rr_REV"},
    {"ADD64ri8", "ADD32ri8"},       {"ADD64ri32", "ADD32ri"},       {"ADD64rm", "ADD32rm"},
    {"SUB64rr", "SUB32rr"},         {"SUB64rr_REV", "SUB32rr_REV"}, {"SUB64ri8", "SUB32ri8"},
    {"SUB64ri32", "SUB32ri"},       {"SUB64rm", "SUB32rm"},         {"AND64rr", "AND32rr"},
    {"AND64rr_REV", "AND32rr_REV"}, {"AND64ri8", "AND32ri8"},       {"AND64ri32", "AND32ri"},
    {"AND64rm", "AND32rm"},         {"LEA64r", "LEA64_32r"},
};

constexpr std::pair<const char*, const char*> kGprs[] = {
    {"RAX", "EAX"},  {"RBX", "EBX"},  {"RCX", "ECX"},  {"RDX", "EDX"},
    {"RSI", "ESI"},  {"RDI", "EDI"},  {"RBP", "EBP"},  {"RSP", "ESP"},
    {"R8", "R8D"},   {"R9", "R9D"},   {"R10", "R10D"}, {"R11", "R11D"},
    {"R12", "R12D"}, {"R13", "R13D"}, {"R14", "R14D"}, {"R15", "R15D"},
};

} // namespace

Classifier::Classifier(const llvm::MCInstrInfo& mii, const llvm::MCRegisterInfo& mri)
    : mii_(mii), mri_(mri) {
    for (unsigned op = 0; op < mii.getNumOpcodes(); ++op)
        opcodes_[mii.getName(op)] = op;
    for (unsigned r = 1; r < mri.getNumRegs(); ++r)
        regs_[mri.getName(r)] = r;
    gpr32_.assign(mri.getNumRegs(), 0);
    for (auto [r64, r32] : kGprs)
        gpr32_[reg(r64)] = reg(r32);

    info_.resize(mii.getNumOpcodes());
    for (unsigned op = 0; op < mii.getNumOpcodes(); ++op)
        classifyOpcode(op);
    for (auto [wide, narrow] : kNarrowed)
        info_[opcode(wide)].narrowed = opcode(narrow);
    for (auto [wide, narrow] : kNarrowed)
        info_[opcode(narrow)].espWriteOk = true;
    info_[opcode("LEA32r")].espWriteOk = true;
}

void Classifier::classifyOpcode(unsigned op) {
    OpcodeInfo& info = info_[op];
    StringRef name = mii_.getName(op);
    for (const KindRule& rule : kKinds)
        if (matches(rule.pattern, name)) info.kind = rule.kind;
    for (const Rule& rule : kForbidden) {
        if (matches(rule.pattern, name)) {
            info.kind = Kind::Forbidden;
            info.why = rule.why;
            break;
        }
    }

    const llvm::MCInstrDesc& desc = mii_.get(op);
    auto operands = desc.operands();
    int run = 0;
    bool anyMemory = false;
    for (size_t i = 0; i < operands.size(); ++i) {
        bool isMem = operands[i].OperandType == llvm::MCOI::OPERAND_MEMORY;
        anyMemory |= isMem;
        run = isMem ? run + 1 : 0;
        if (run == 5 && info.memOperand < 0) info.memOperand = static_cast<int>(i) - 4;
    }
    bool exempt = name.starts_with("LEA") || name.starts_with("NOOP");
    info.needsAddrSize = anyMemory && !exempt;
    for (const char* pattern : kImplicitMemory)
        if (matches(pattern, name)) info.needsAddrSize = true;

    info.implicitStackOk =
        name.starts_with("PUSH") || name.starts_with("POP") || name.starts_with("CALL");
}

unsigned Classifier::opcode(StringRef name) const {
    auto it = opcodes_.find(name);
    if (it == opcodes_.end())
        llvm::report_fatal_error(llvm::Twine("zvm-as: unknown X86 opcode ") + name);
    return it->second;
}

unsigned Classifier::reg(StringRef name) const {
    auto it = regs_.find(name);
    if (it == regs_.end())
        llvm::report_fatal_error(llvm::Twine("zvm-as: unknown X86 register ") + name);
    return it->second;
}

unsigned Classifier::gpr32(unsigned reg64) const {
    return reg64 < gpr32_.size() ? gpr32_[reg64] : 0;
}

bool Classifier::isVectorReg(unsigned r) const {
    StringRef n = mri_.getName(r);
    return n.starts_with("XMM") || n.starts_with("YMM") || n.starts_with("ZMM");
}

} // namespace zvm::as
