#include "streamer.h"

#include "syscalls/abi.h"

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/MC/MCAsmBackend.h>
#include <llvm/MC/MCCodeEmitter.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCExpr.h>
#include <llvm/MC/MCInstBuilder.h>
#include <llvm/MC/MCObjectWriter.h>
#include <llvm/MC/MCSectionELF.h>
#include <llvm/MC/MCSymbolELF.h>

namespace zvm::as {

using llvm::MCInst;
using llvm::MCInstBuilder;
using llvm::Twine;

// The symbol of the system-call trampoline entry (ZVM_TRAMPOLINE_SYSCALL); the linker script
// (toolchain/sysroot/zvm.ld) defines it as an absolute address.
static constexpr const char* kTrampolineSymbol = "__zvm_trampoline_syscall";

SandboxStreamer::SandboxStreamer(llvm::MCContext& ctx, std::unique_ptr<llvm::MCAsmBackend> backend,
                                 std::unique_ptr<llvm::MCObjectWriter> writer,
                                 std::unique_ptr<llvm::MCCodeEmitter> emitter,
                                 const Classifier& classifier)
    : MCELFStreamer(ctx, std::move(backend), std::move(writer), std::move(emitter)),
      cls_(classifier) {}

void SandboxStreamer::enableBundling() {
    internalBundleMode_ = true;
    MCELFStreamer::emitBundleAlignMode(llvm::Align(ZVM_BUNDLE_SIZE));
    internalBundleMode_ = false;
}

void SandboxStreamer::checkNothingPending() {
    if (!pendingPrefixes_.empty()) error("standalone prefix at the end of the input");
    pendingPrefixes_.clear();
}

void SandboxStreamer::error(const Twine& message) {
    getContext().reportError(getStartTokLoc(), message);
}

bool SandboxStreamer::inExecutableSection() {
    auto* sec = llvm::dyn_cast_or_null<llvm::MCSectionELF>(getCurrentSectionOnly());
    return sec && (sec->getFlags() & llvm::ELF::SHF_EXECINSTR);
}

// --- instructions ----------------------------------------------------------------------------

void SandboxStreamer::emitInstruction(const MCInst& inst, const llvm::MCSubtargetInfo& sti) {
    sti_ = &sti;
    unsigned op = inst.getOpcode();
    Kind kind = cls_.kind(op);
    if (kind == Kind::Forbidden) {
        error(Twine("instruction ") + cls_.name(op) +
              " is not allowed in the sandbox: " + cls_.whyForbidden(op));
        pendingPrefixes_.clear();
        return;
    }
    if (kind == Kind::Prefix) {
        pendingPrefixes_.push_back(inst);
        return;
    }
    Sequence seq;
    if (!rewrite(inst, seq) || !attachPrefixes(kind, seq)) {
        pendingPrefixes_.clear();
        return;
    }
    for (const Group& group : seq)
        emitGroup(group);
}

bool SandboxStreamer::rewrite(const MCInst& original, Sequence& out) {
    MCInst inst = original;
    llvm::MCContext& ctx = getContext();
    const unsigned r11 = cls_.reg("R11");
    switch (cls_.kind(inst.getOpcode())) {
    case Kind::Plain:
        if (!rewritePlain(inst)) return false;
        out.push_back({{inst}, Lock::None, nullptr});
        return true;

    case Kind::Syscall: {
        // lea 1f(%rip), %r11 ; jmp trampoline ; 1:   (the runtime returns to 1: via %r11)
        llvm::MCSymbol* after = ctx.createTempSymbol();
        MCInst lea = MCInstBuilder(cls_.opcode("LEA64r"))
                         .addReg(r11)
                         .addReg(cls_.reg("RIP"))
                         .addImm(1)
                         .addReg(0)
                         .addExpr(llvm::MCSymbolRefExpr::create(after, ctx))
                         .addReg(0);
        MCInst jmp = MCInstBuilder(cls_.opcode("JMP_4"))
                         .addExpr(llvm::MCSymbolRefExpr::create(
                             ctx.getOrCreateSymbol(kTrampolineSymbol), ctx));
        out.push_back({{lea, jmp}, Lock::AlignToEnd, after});
        return true;
    }

    case Kind::DirectCall:
        out.push_back({{inst}, Lock::AlignToEnd, nullptr});
        return true;

    case Kind::IndirectCallReg:
    case Kind::IndirectJmpReg: {
        unsigned target = inst.getOperand(0).getReg();
        if (!cls_.isGpr64(target) || target == cls_.reg("RSP")) {
            error(Twine("indirect branch through %") + cls_.regName(target).lower() +
                  " cannot be masked");
            return false;
        }
        bool call = cls_.kind(inst.getOpcode()) == Kind::IndirectCallReg;
        out.push_back({{mask(target), inst}, call ? Lock::AlignToEnd : Lock::Locked, nullptr});
        return true;
    }

    case Kind::IndirectCallMem:
    case Kind::IndirectJmpMem: {
        // %r11 is scratch at every call and tail-call site in the SysV ABI (caller-saved, not
        // used for arguments), so the branch target can be loaded into it.
        if (!checkSegments(inst) || !checkMemoryOperand(inst)) return false;
        bool call = cls_.kind(inst.getOpcode()) == Kind::IndirectCallMem;
        MCInst branch = MCInstBuilder(cls_.opcode(call ? "CALL64r" : "JMP64r")).addReg(r11);
        out.push_back({{loadR11(inst)}, Lock::None, nullptr});
        out.push_back({{mask(r11), branch}, call ? Lock::AlignToEnd : Lock::Locked, nullptr});
        return true;
    }

    case Kind::Return: {
        // pop %r11; locked: and $-32, %r11d; jmp *%r11 (docs/sfi-model.md, rule 7). %r11 is
        // caller-saved and returns nothing in the SysV ABI, so it is dead at every return.
        // A `rep` prefix flag is dropped with the ret.
        MCInst pop = MCInstBuilder(cls_.opcode("POP64r")).addReg(r11);
        MCInst jmp = MCInstBuilder(cls_.opcode("JMP64r")).addReg(r11);
        out.push_back({{pop}, Lock::None, nullptr});
        out.push_back({{mask(r11), jmp}, Lock::Locked, nullptr});
        return true;
    }

    case Kind::Leave: {
        MCInst mov =
            MCInstBuilder(cls_.opcode("MOV32rr")).addReg(cls_.reg("ESP")).addReg(cls_.reg("EBP"));
        MCInst pop = MCInstBuilder(cls_.opcode("POP64r")).addReg(cls_.reg("RBP"));
        out.push_back({{mov}, Lock::None, nullptr});
        out.push_back({{pop}, Lock::None, nullptr});
        return true;
    }

    case Kind::Prefix:
    case Kind::Forbidden:
        break;
    }
    return false;
}

bool SandboxStreamer::rewritePlain(MCInst& inst) {
    if (!checkSegments(inst) || !checkStackPointerWrites(inst) || !checkMemoryOperand(inst))
        return false;
    if (cls_.needsAddrSize(inst.getOpcode()))
        addressSize(inst, cls_.memoryOperand(inst.getOpcode()));
    return true;
}

// The 0x67 prefix, or under --measure a %ds override of the same length where the memory
// operand has a segment slot (implicit operands, e.g. string instructions, keep 0x67).
void SandboxStreamer::addressSize(MCInst& inst, int memOperand) const {
    if (measureNatively_ && memOperand >= 0 &&
        static_cast<unsigned>(memOperand + 4) < inst.getNumOperands()) {
        llvm::MCOperand& segment = inst.getOperand(memOperand + 4);
        if (segment.isReg() && segment.getReg() == 0) {
            segment = llvm::MCOperand::createReg(cls_.reg("DS"));
            return;
        }
    }
    inst.setFlags(inst.getFlags() | kFlagAdSize);
}

// %fs and %gs: only `movq %fs:0, %reg` (the thread pointer, with -mno-tls-direct-seg-refs the
// only form the compiler emits) is allowed; it becomes `addr32 movq ZVM_TP_SLOT, %reg`.
bool SandboxStreamer::checkSegments(MCInst& inst) {
    const unsigned fs = cls_.reg("FS"), gs = cls_.reg("GS");
    bool usesFsGs = false;
    for (const llvm::MCOperand& o : inst)
        if (o.isReg() && (o.getReg() == fs || o.getReg() == gs)) usesFsGs = true;
    if (!usesFsGs) return true;

    auto isZero = [](const llvm::MCOperand& o) {
        int64_t v = -1;
        if (o.isImm()) v = o.getImm();
        if (o.isExpr()) o.getExpr()->evaluateAsAbsolute(v);
        return v == 0;
    };
    if (inst.getOpcode() == cls_.opcode("MOV64rm") && inst.getOperand(1).getReg() == 0 &&
        inst.getOperand(3).getReg() == 0 && isZero(inst.getOperand(4)) &&
        inst.getOperand(5).getReg() == fs) {
        inst.getOperand(4) = llvm::MCOperand::createImm(ZVM_TP_SLOT);
        inst.getOperand(5) = llvm::MCOperand::createReg(0);
        inst.setFlags(inst.getFlags() | kFlagAdSize);
        return true;
    }
    error("%fs/%gs is not available in the sandbox; only `movq %fs:0, %reg` (the thread pointer) "
          "is rewritten");
    return false;
}

bool SandboxStreamer::checkMemoryOperand(const MCInst& inst) {
    int mem = cls_.memoryOperand(inst.getOpcode());
    if (mem < 0 || static_cast<unsigned>(mem + 4) >= inst.getNumOperands()) return true;
    const llvm::MCOperand& index = inst.getOperand(mem + 2);
    if (index.isReg() && index.getReg() != 0 && cls_.isVectorReg(index.getReg())) {
        error("vector-indexed (VSIB) memory operands are not supported");
        return false;
    }
    return true;
}

// %rsp may change only implicitly (push, pop, call, the return's pop) or as the 32-bit %esp
// destination of mov/add/sub/and/lea. 64-bit forms of those are narrowed; the rest is an error.
bool SandboxStreamer::checkStackPointerWrites(MCInst& inst) {
    const unsigned op = inst.getOpcode();
    const llvm::MCInstrDesc& desc = cls_.desc(op);
    const unsigned rsp = cls_.reg("RSP"), esp = cls_.reg("ESP");
    const unsigned sp = cls_.reg("SP"), spl = cls_.reg("SPL");
    bool wide = false, dword = false, narrow = false;
    for (unsigned i = 0; i < desc.getNumDefs() && i < inst.getNumOperands(); ++i) {
        const llvm::MCOperand& o = inst.getOperand(i);
        if (!o.isReg()) continue;
        wide |= o.getReg() == rsp;
        dword |= o.getReg() == esp;
        narrow |= o.getReg() == sp || o.getReg() == spl;
    }
    for (llvm::MCPhysReg r : desc.implicit_defs()) {
        if ((r == rsp || r == esp || r == sp || r == spl) && !cls_.isImplicitStackOp(op)) {
            error(Twine("instruction ") + cls_.name(op) + " changes %rsp implicitly");
            return false;
        }
    }
    if (narrow) {
        error("writes to %sp/%spl are not allowed");
        return false;
    }
    if (dword && !cls_.isAllowedEspWrite(op)) {
        error(Twine("instruction ") + cls_.name(op) +
              " writes %esp; only mov/add/sub/and/lea may write the stack pointer");
        return false;
    }
    if (!wide) return true;

    unsigned narrowed = cls_.narrowedStackWrite(op);
    if (narrowed == 0) {
        error(Twine("instruction ") + cls_.name(op) +
              " writes %rsp; only mov/add/sub/and/lea into %rsp can be rewritten (to %esp)");
        return false;
    }
    const llvm::MCInstrDesc& to = cls_.desc(narrowed);
    MCInst out;
    out.setOpcode(narrowed);
    out.setFlags(inst.getFlags());
    out.setLoc(inst.getLoc());
    for (unsigned i = 0; i < inst.getNumOperands(); ++i) {
        llvm::MCOperand o = inst.getOperand(i);
        bool registerOperand =
            i < to.getNumOperands() && to.operands()[i].OperandType == llvm::MCOI::OPERAND_REGISTER;
        if (o.isReg() && registerOperand && cls_.isGpr64(o.getReg()))
            o = llvm::MCOperand::createReg(cls_.gpr32(o.getReg()));
        out.addOperand(o);
    }
    inst = out;
    return true;
}

bool SandboxStreamer::attachPrefixes(Kind kind, Sequence& seq) {
    if (pendingPrefixes_.empty()) return true;
    auto prefixes = std::move(pendingPrefixes_);
    pendingPrefixes_.clear();
    auto isRep = [&](const MCInst& p) {
        return p.getOpcode() == cls_.opcode("REP_PREFIX") ||
               p.getOpcode() == cls_.opcode("REPNE_PREFIX");
    };
    if (kind == Kind::Return && llvm::all_of(prefixes, isRep)) return true; // `rep; ret`
    if (seq.size() != 1 || seq[0].insts.size() != 1) {
        error("a standalone prefix cannot precede an instruction that zvm-as expands into a "
              "sequence");
        return false;
    }
    // The prefixes and their instruction are emitted as one bundle-locked group, so that no
    // bundle boundary separates them.
    Group& group = seq[0];
    bool hasAdSize = group.insts[0].getFlags() & kFlagAdSize;
    for (auto it = prefixes.rbegin(); it != prefixes.rend(); ++it) {
        if (hasAdSize && it->getOpcode() == cls_.opcode("ADDR32_PREFIX")) continue;
        group.insts.insert(group.insts.begin(), *it);
    }
    if (group.lock == Lock::None) group.lock = Lock::Locked;
    return true;
}

void SandboxStreamer::emitGroup(const Group& group) {
    getCurrentSectionOnly()->ensureMinAlignment(llvm::Align(ZVM_BUNDLE_SIZE));
    if (group.lock != Lock::None) MCELFStreamer::emitBundleLock(group.lock == Lock::AlignToEnd);
    for (const MCInst& inst : group.insts)
        MCELFStreamer::emitInstruction(inst, *sti_);
    if (group.lock != Lock::None) MCELFStreamer::emitBundleUnlock();
    if (group.labelAfter) MCELFStreamer::emitLabel(group.labelAfter);
}

MCInst SandboxStreamer::mask(unsigned reg64) const {
    unsigned r32 = cls_.gpr32(reg64);
    int64_t bits = measureNatively_ ? -1 : -ZVM_BUNDLE_SIZE; // --measure: host addresses
    return MCInstBuilder(cls_.opcode("AND32ri8")).addReg(r32).addReg(r32).addImm(bits);
}

MCInst SandboxStreamer::loadR11(const MCInst& branch) const {
    MCInst load;
    load.setOpcode(cls_.opcode("MOV64rm"));
    load.addOperand(llvm::MCOperand::createReg(cls_.reg("R11")));
    for (unsigned i = 0; i < 5; ++i)
        load.addOperand(branch.getOperand(i));
    addressSize(load, 1);
    return load;
}

// --- labels and data ------------------------------------------------------------------------

// Function symbols (and global symbols) in code are indirect-branch targets, which the masking
// of indirect jumps and calls makes 32-byte aligned: align them. So are labels whose address is
// taken (computed goto), found by the first pass.
void SandboxStreamer::emitLabel(llvm::MCSymbol* symbol, llvm::SMLoc loc) {
    if (inExecutableSection()) {
        bool align = loc.isValid() && addressTaken_.contains(loc.getPointer());
        if (!symbol->isTemporary()) {
            if (!pendingPrefixes_.empty())
                error("label between a standalone prefix and its instruction");
            auto* elf = llvm::cast<llvm::MCSymbolELF>(symbol);
            bool global = elf->isBindingSet() && elf->getBinding() != llvm::ELF::STB_LOCAL;
            align |= elf->getType() == llvm::ELF::STT_FUNC || global;
        }
        if (align && getCurrentSectionOnly()->isBundleLocked())
            error("a function, global or address-taken label inside a .bundle_lock group");
        else if (align)
            emitCodeAlignment(llvm::Align(ZVM_BUNDLE_SIZE), getContext().getSubtargetInfo());
    }
    MCELFStreamer::emitLabel(symbol, loc);
}

// Data in an executable section would be validated as instructions: refuse it.
void SandboxStreamer::rejectDataInCode(const char* what) {
    error(Twine(what) + " in an executable section is not allowed (it would be decoded as code)");
}

void SandboxStreamer::emitBytes(llvm::StringRef data) {
    if (!data.empty() && inExecutableSection()) return rejectDataInCode("data");
    MCELFStreamer::emitBytes(data);
}

void SandboxStreamer::emitValueImpl(const llvm::MCExpr* value, unsigned size, llvm::SMLoc loc) {
    if (inExecutableSection()) return rejectDataInCode("data");
    MCELFStreamer::emitValueImpl(value, size, loc);
}

void SandboxStreamer::emitFill(const llvm::MCExpr& numBytes, uint64_t fillValue, llvm::SMLoc loc) {
    if (inExecutableSection()) return rejectDataInCode("fill");
    MCELFStreamer::emitFill(numBytes, fillValue, loc);
}

void SandboxStreamer::emitFill(const llvm::MCExpr& numValues, int64_t size, int64_t expr,
                               llvm::SMLoc loc) {
    if (inExecutableSection()) return rejectDataInCode("fill");
    MCELFStreamer::emitFill(numValues, size, expr, loc);
}

void SandboxStreamer::emitBundleAlignMode(llvm::Align alignment) {
    if (internalBundleMode_) return MCELFStreamer::emitBundleAlignMode(alignment);
    if (alignment.value() != ZVM_BUNDLE_SIZE)
        error(".bundle_align_mode other than 5 (32-byte bundles) is not allowed");
}

void SandboxStreamer::emitAssemblerFlag(llvm::MCAssemblerFlag flag) {
    if (flag == llvm::MCAF_Code16 || flag == llvm::MCAF_Code32) {
        error(".code16/.code32 are not allowed: the sandbox runs 64-bit code only");
        return;
    }
    MCELFStreamer::emitAssemblerFlag(flag);
}

} // namespace zvm::as
