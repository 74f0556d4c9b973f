// The first of zvm-as's two passes: finds the code labels whose address is taken, which the
// second pass aligns to 32 bytes.
//
// A label whose address is taken (`&&label` in C: `.quad .Ltmp3` in a table, or
// `movl $.Ltmp3, %eax`) is reached by a masked indirect jump (`and $-32, %eXX; jmp *%rXX`), which
// lands on the 32-byte boundary at or below the address: the label must sit on one. Branch
// targets (`jmp .LBB0_3`, `call f`) and references from unallocated sections (DWARF) do not
// count, so debug information does not pad every line label.
#pragma once

#include <llvm/ADT/DenseSet.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCStreamer.h>
#include <llvm/Support/SMLoc.h>

namespace zvm::as {

// Parses like the real pass and emits nothing. Labels are identified by the source location of
// their definition (the same buffer is parsed in both passes), so that numbered local labels
// (`1:`) and the symbols the second pass creates itself cannot be confused.
class AddressTakenCollector final : public llvm::MCStreamer {
  public:
    AddressTakenCollector(llvm::MCContext& ctx, const llvm::MCInstrInfo& mii)
        : MCStreamer(ctx), mii_(mii) {}

    // Definition locations of the address-taken labels; valid after parsing.
    llvm::DenseSet<const char*> definitions() const;

    void emitLabel(llvm::MCSymbol* symbol, llvm::SMLoc loc) override;
    void emitInstruction(const llvm::MCInst& inst, const llvm::MCSubtargetInfo& sti) override;
    void emitValueImpl(const llvm::MCExpr* value, unsigned size, llvm::SMLoc loc) override;
    bool emitSymbolAttribute(llvm::MCSymbol*, llvm::MCSymbolAttr) override { return true; }
    void emitCommonSymbol(llvm::MCSymbol*, uint64_t, llvm::Align) override {}
    void emitZerofill(llvm::MCSection*, llvm::MCSymbol*, uint64_t, llvm::Align,
                      llvm::SMLoc) override {}

  private:
    void collect(const llvm::MCExpr& expr);
    bool inAllocatedSection();

    const llvm::MCInstrInfo& mii_;
    llvm::DenseSet<const llvm::MCSymbol*> referenced_;
    llvm::DenseMap<const llvm::MCSymbol*, const char*> codeLabels_; // label -> definition
};

} // namespace zvm::as
