#include "address_taken.h"

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCExpr.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstrDesc.h>
#include <llvm/MC/MCSectionELF.h>
#include <llvm/Support/Casting.h>

namespace zvm::as {

llvm::DenseSet<const char*> AddressTakenCollector::definitions() const {
    llvm::DenseSet<const char*> out;
    for (const auto& [symbol, where] : codeLabels_)
        if (referenced_.contains(symbol)) out.insert(where);
    return out;
}

bool AddressTakenCollector::inAllocatedSection() {
    auto* sec = llvm::dyn_cast_or_null<llvm::MCSectionELF>(getCurrentSectionOnly());
    return sec && (sec->getFlags() & llvm::ELF::SHF_ALLOC);
}

void AddressTakenCollector::emitLabel(llvm::MCSymbol* symbol, llvm::SMLoc loc) {
    auto* sec = llvm::dyn_cast_or_null<llvm::MCSectionELF>(getCurrentSectionOnly());
    if (sec && (sec->getFlags() & llvm::ELF::SHF_EXECINSTR) && loc.isValid())
        codeLabels_[symbol] = loc.getPointer();
    MCStreamer::emitLabel(symbol, loc);
}

// Every symbol of a data value in an allocated section has its address taken.
void AddressTakenCollector::emitValueImpl(const llvm::MCExpr* value, unsigned size,
                                          llvm::SMLoc loc) {
    if (inAllocatedSection()) collect(*value);
    MCStreamer::emitValueImpl(value, size, loc);
}

// A symbol operand of an instruction that is not a branch or call (`movl $.Ltmp3, %eax`,
// `leaq .Ltmp3(%rip), %rax`) takes the label's address.
void AddressTakenCollector::emitInstruction(const llvm::MCInst& inst,
                                            const llvm::MCSubtargetInfo& sti) {
    const llvm::MCInstrDesc& desc = mii_.get(inst.getOpcode());
    if (!desc.isBranch() && !desc.isCall())
        for (const llvm::MCOperand& op : inst)
            if (op.isExpr()) collect(*op.getExpr());
    MCStreamer::emitInstruction(inst, sti);
}

void AddressTakenCollector::collect(const llvm::MCExpr& expr) {
    switch (expr.getKind()) {
    case llvm::MCExpr::SymbolRef:
        referenced_.insert(&llvm::cast<llvm::MCSymbolRefExpr>(expr).getSymbol());
        break;
    case llvm::MCExpr::Binary: {
        const auto& binary = llvm::cast<llvm::MCBinaryExpr>(expr);
        collect(*binary.getLHS());
        collect(*binary.getRHS());
        break;
    }
    case llvm::MCExpr::Unary:
        collect(*llvm::cast<llvm::MCUnaryExpr>(expr).getSubExpr());
        break;
    case llvm::MCExpr::Target:
    case llvm::MCExpr::Constant:
        break;
    }
}

} // namespace zvm::as
