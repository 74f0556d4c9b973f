// The rewriting streamer: an MCELFStreamer in 32-byte bundle mode that receives every
// instruction the X86 asm parser matched and emits the sandboxed form the validator accepts
// (docs/sfi-model.md). The rewrites, one per concern:
//   memory operands, string ops   -> 0x67 address-size prefix
//   movq %fs:0, %reg              -> addr32 movq ZVM_TP_SLOT, %reg; other %fs/%gs uses: error
//   syscall                       -> locked, align_to_end: lea 1f(%rip),%r11; jmp trampoline; 1:
//   call f                        -> locked, align_to_end (the call ends at a bundle end)
//   call/jmp *%rXX                -> locked: andl $-32,%eXX; call/jmp *%rXX
//   call/jmp *MEM                 -> addr32 movq MEM,%r11; locked: andl $-32,%r11d; call/jmp *%r11
//   ret, retq, rep ret            -> popq %r11; locked: andl $-32,%r11d; jmp *%r11
//   writes of %rsp                -> the 32-bit form on %esp (mov/add/sub/and/lea); leave ->
//                                    movl %ebp,%esp; popq %rbp; anything else: error
//   function and global labels    -> aligned to 32 bytes in executable sections
//   address-taken labels          -> aligned to 32 bytes (computed goto; see address_taken.h)
// Anything that cannot be made safe is reported as an error at its source line.
#pragma once

#include "classify.h"

#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/MC/MCELFStreamer.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCSubtargetInfo.h>

namespace zvm::as {

class SandboxStreamer final : public llvm::MCELFStreamer {
  public:
    SandboxStreamer(llvm::MCContext& ctx, std::unique_ptr<llvm::MCAsmBackend> backend,
                    std::unique_ptr<llvm::MCObjectWriter> writer,
                    std::unique_ptr<llvm::MCCodeEmitter> emitter, const Classifier& classifier);

    // Turns on 32-byte bundle mode; call once before parsing.
    void enableBundling();
    // The definition locations of labels whose address is taken (AddressTakenCollector): they
    // are aligned to 32 bytes.
    void setAddressTaken(llvm::DenseSet<const char*> definitions) {
        addressTaken_ = std::move(definitions);
    }
    // Reports a standalone prefix left at the end of the input; call before finish().
    void checkNothingPending();
    // zvm-as --measure (bench/overhead/rewrite_cost.sh): the same layout, runnable as host
    // code outside the sandbox, never valid: memory operands get a 0x3E (%ds) prefix instead
    // of 0x67 (same length, no truncation of host addresses) and masks are `andl $-1`.
    void setMeasureNatively() { measureNatively_ = true; }

    void emitInstruction(const llvm::MCInst& inst, const llvm::MCSubtargetInfo& sti) override;
    void emitLabel(llvm::MCSymbol* symbol, llvm::SMLoc loc = llvm::SMLoc()) override;
    void emitBytes(llvm::StringRef data) override;
    void emitValueImpl(const llvm::MCExpr* value, unsigned size,
                       llvm::SMLoc loc = llvm::SMLoc()) override;
    void emitFill(const llvm::MCExpr& numBytes, uint64_t fillValue,
                  llvm::SMLoc loc = llvm::SMLoc()) override;
    void emitFill(const llvm::MCExpr& numValues, int64_t size, int64_t expr,
                  llvm::SMLoc loc = llvm::SMLoc()) override;
    void emitBundleAlignMode(llvm::Align alignment) override;
    void emitAssemblerFlag(llvm::MCAssemblerFlag flag) override;

  private:
    enum class Lock { None, Locked, AlignToEnd };
    // Instructions emitted together, optionally in one bundle-locked group.
    struct Group {
        llvm::SmallVector<llvm::MCInst, 3> insts;
        Lock lock = Lock::None;
        llvm::MCSymbol* labelAfter = nullptr;
    };
    using Sequence = llvm::SmallVector<Group, 2>;

    // Each returns false after reporting an error.
    bool rewrite(const llvm::MCInst& inst, Sequence& out);
    bool rewritePlain(llvm::MCInst& inst);
    void addressSize(llvm::MCInst& inst, int memOperand) const;
    bool checkSegments(llvm::MCInst& inst);
    bool checkStackPointerWrites(llvm::MCInst& inst);
    bool checkMemoryOperand(const llvm::MCInst& inst);
    bool attachPrefixes(Kind kind, Sequence& seq);
    void emitGroup(const Group& group);

    llvm::MCInst mask(unsigned reg64) const; // andl $-32, %eXX
    llvm::MCInst loadR11(const llvm::MCInst& branch) const;
    bool inExecutableSection();
    void error(const llvm::Twine& message);
    void rejectDataInCode(const char* what);

    const Classifier& cls_;
    const llvm::MCSubtargetInfo* sti_ = nullptr;
    llvm::SmallVector<llvm::MCInst, 2> pendingPrefixes_;
    bool internalBundleMode_ = false;
    bool measureNatively_ = false;
    llvm::DenseSet<const char*> addressTaken_;
};

} // namespace zvm::as
