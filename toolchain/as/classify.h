// Instruction classification for the rewriting assembler: what the sandbox model says about
// each X86 opcode, decided once per opcode from its LLVM name (the X86 opcode and register
// enumerations are not in LLVM's installed headers, so everything is looked up by name).
#pragma once

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>

#include <cstdint>
#include <string>
#include <vector>

namespace zvm::as {

// How the rewriter treats an instruction.
enum class Kind : uint8_t {
    Plain,           // emitted as is, after the generic checks (0x67, %fs/%gs, %rsp writes)
    Prefix,          // a standalone prefix (`rep;`, `lock;`, `data16`): joins the next instruction
    Syscall,         // `syscall`: becomes the trampoline call
    DirectCall,      // `call f`: must end at a bundle end
    IndirectCallReg, // `call *%rXX`
    IndirectCallMem, // `call *MEM`
    IndirectJmpReg,  // `jmp *%rXX`
    IndirectJmpMem,  // `jmp *MEM`
    Return,          // `ret`, `rep ret`
    Leave,           // `leave`
    Forbidden,       // cannot be made safe: an error
};

// LLVM's X86 "instruction prefix" flags on an MCInst (X86BaseInfo.h, IPREFIXES, LLVM 19):
// the code emitter emits 0x67 when IP_HAS_AD_SIZE is set. Verified by the rewrite tests.
inline constexpr unsigned kFlagAdSize = 1u << 1;
inline constexpr unsigned kFlagRepeatNe = 1u << 2;
inline constexpr unsigned kFlagRepeat = 1u << 3;

class Classifier {
  public:
    Classifier(const llvm::MCInstrInfo& mii, const llvm::MCRegisterInfo& mri);

    Kind kind(unsigned opcode) const { return info_[opcode].kind; }
    // Why a Forbidden opcode is forbidden (a phrase naming the rule).
    const char* whyForbidden(unsigned opcode) const { return info_[opcode].why; }
    // The instruction has an explicit memory operand (or is a string instruction, xlat or
    // maskmovdqu) and so must carry 0x67. `lea` and the nops are exempt.
    bool needsAddrSize(unsigned opcode) const { return info_[opcode].needsAddrSize; }
    // Index of the first MCOperand of a 5-operand memory reference (base, scale, index, disp,
    // segment), or -1.
    int memoryOperand(unsigned opcode) const { return info_[opcode].memOperand; }
    // The 32-bit opcode that replaces a 64-bit write of %rsp (`subq $8,%rsp` -> `subl $8,%esp`),
    // or 0 when there is none.
    unsigned narrowedStackWrite(unsigned opcode) const { return info_[opcode].narrowed; }
    // A write of %esp the model allows (mov, add, sub, and, lea into %esp).
    bool isAllowedEspWrite(unsigned opcode) const { return info_[opcode].espWriteOk; }
    // Implicit %rsp updates by push, pop and call are allowed.
    bool isImplicitStackOp(unsigned opcode) const { return info_[opcode].implicitStackOk; }

    unsigned opcode(llvm::StringRef name) const; // aborts on an unknown name
    unsigned reg(llvm::StringRef name) const;    // aborts on an unknown name
    llvm::StringRef name(unsigned opcode) const { return mii_.getName(opcode); }
    const llvm::MCInstrDesc& desc(unsigned opcode) const { return mii_.get(opcode); }
    llvm::StringRef regName(unsigned reg) const { return mri_.getName(reg); }
    // The 32-bit half of a 64-bit general-purpose register (RAX -> EAX), or 0.
    unsigned gpr32(unsigned reg64) const;
    bool isGpr64(unsigned reg) const { return gpr32(reg) != 0; }
    // Vector index register (VSIB addressing of gathers and scatters).
    bool isVectorReg(unsigned reg) const;

  private:
    struct OpcodeInfo {
        Kind kind = Kind::Plain;
        bool needsAddrSize = false;
        bool espWriteOk = false;
        bool implicitStackOk = false;
        int memOperand = -1;
        unsigned narrowed = 0;
        const char* why = nullptr;
    };
    void classifyOpcode(unsigned opcode);

    const llvm::MCInstrInfo& mii_;
    const llvm::MCRegisterInfo& mri_;
    llvm::StringMap<unsigned> opcodes_;
    llvm::StringMap<unsigned> regs_;
    std::vector<unsigned> gpr32_; // indexed by register number
    std::vector<OpcodeInfo> info_;
};

} // namespace zvm::as
