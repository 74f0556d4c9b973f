// An independent judge of code the validator accepted: LLVM 19's MC disassembler reads the
// same bytes, and every instruction it sees must obey the sandbox model of docs/sfi-model.md
// as LLVM describes it (opcode names, operand registers, instruction flags), without any use
// of the validator's decoder or tables. Used by the validator's fuzz target
// (tests/fuzz/validator_fuzz.cpp): an accepted input that the oracle refuses is a validator
// bug.
//
// What is checked, per instruction LLVM decodes (walking from the start of the code):
//  - R1: it does not cross a 32-byte bundle boundary;
//  - R2: its LLVM opcode is not one the model forbids (system, privileged, segment, far,
//    non-deterministic, processor-state, cache-flush and non-temporal-store, TSX, moffs,
//    loop/jrcxz, gathers, bt* with a register offset on memory, ret of any kind, MMX), and if
//    LLVM marks it as having unmodelled side effects it is one of a short list known harmless
//    (fences, pause, nops, ud2, int3, hlt, x87 control, prefetches, ldmxcsr, ...);
//  - no segment, control or debug register operand; no %fs/%gs prefix; the null segment
//    prefixes only on nops;
//  - R3/R4: every register of a memory operand is a 32-bit one (%eXX, %rNNd, %eip, %eiz),
//    except for lea and nops; implicit memory accesses (xlat, maskmovdqu) carry 0x67;
//  - R5: an explicit %rsp/%esp/%sp/%spl destination only in the 32-bit mov/add/sub/and/lea
//    forms; implicit %rsp writes only by push, pop and call;
//  - R6: jmp/call through a register is immediately preceded, in the same bundle, by a 32-bit
//    `and` of that register with an immediate whose low 5 bits are clear; no memory-indirect
//    jmp/call;
//  - R8: calls end at a bundle end; R9: no 0x66 on a branch, and every direct branch targets
//    an instruction start LLVM found that is not the jmp/call of a masked pair, or a
//    trampoline entry.
// The oracle is deliberately a little more permissive than the validator where the model's
// choice is not about safety (e.g. `mov $imm32, %esp` in the B8+r form); it must never be
// stricter, or the fuzz target would report a false alarm.
//
// Known gaps, counted rather than failed (docs/sfi-model.md "Choices"): VEX encodings LLVM
// refuses because the processor raises #UD on them (vvvv not 1111 where unused, VEX.L or
// VEX.W on forms that forbid them) are stepped over with the length the validator reported;
// REX.W on SSE forms where LLVM refuses it is retried without it, and so is REX.W on F3 0F 7E
// (movq xmm, xmm/m64: the processor and GNU objdump ignore W; LLVM 19 reads the MMX movq of
// a general register).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace zvm::validator::fuzz {

struct OracleStats {
    size_t instructions = 0; // instructions LLVM decoded in accepted code
    size_t ud_vex = 0;       // VEX encodings LLVM refused (#UD on the processor), stepped over
    size_t rexw_retry = 0;   // REX.W read without W (refused by LLVM, or F3 0F 7E)
};

class Oracle {
  public:
    Oracle();
    ~Oracle();
    Oracle(const Oracle&) = delete;
    Oracle& operator=(const Oracle&) = delete;

    // False when LLVM's X86 target could not be set up (the caller should abort).
    bool ok() const;

    // Judges `code`, which the validator accepted at sandbox address `base`. Returns an
    // empty string when LLVM's reading obeys the model, else what is wrong and where.
    // `ud_vex_length(offset)` gives the validator's length for an instruction LLVM refuses
    // (0: none known); it is only used for VEX encodings (see above).
    using LengthHint = size_t (*)(const uint8_t* code, size_t size, size_t offset);
    std::string check(std::span<const uint8_t> code, uint64_t base, LengthHint hint,
                      OracleStats* stats);

  private:
    struct Llvm;
    std::unique_ptr<Llvm> llvm_;
};

} // namespace zvm::validator::fuzz
