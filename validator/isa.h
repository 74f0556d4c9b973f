// The instruction-set extensions a nexe's code needs beyond the baseline (x86-64: x87,
// SSE and SSE2, CMOV, CMPXCHG8B; and CMPXCHG16B and LAHF/SAHF, which every x86-64
// processor since 2006 has and which the validator's fast path does not single out):
// recorded by the validator for every instruction it accepts, so that the runtime can
// refuse, with a clear message, a nexe this processor cannot run (instead of ending it
// later with SIGILL). Not a sandbox rule: an instruction the processor lacks faults, and
// the fault is contained like any other; this is about saying so up front.
#pragma once

#include "validator/decoder.h"

#include <cstdint>
#include <string>

namespace zvm::validator {

// One bit per extension.
inline constexpr uint32_t kIsaSse3 = 1u << 0;
inline constexpr uint32_t kIsaSsse3 = 1u << 1;
inline constexpr uint32_t kIsaSse41 = 1u << 2;
inline constexpr uint32_t kIsaSse42 = 1u << 3;
inline constexpr uint32_t kIsaPopcnt = 1u << 4;
inline constexpr uint32_t kIsaLzcnt = 1u << 5; // lzcnt (CPUID's ABM/LZCNT bit)
inline constexpr uint32_t kIsaBmi1 = 1u
                                     << 6; // andn, bextr, blsi, blsmsk, blsr (not tzcnt: isa.cpp)
inline constexpr uint32_t kIsaBmi2 = 1u << 7; // bzhi, mulx, pdep, pext, rorx, sarx, shlx, shrx
inline constexpr uint32_t kIsaAes = 1u << 8;
inline constexpr uint32_t kIsaPclmul = 1u << 9;
inline constexpr uint32_t kIsaAvx = 1u << 10;
inline constexpr uint32_t kIsaAvx2 = 1u << 11;
inline constexpr uint32_t kIsaFma = 1u << 12;
inline constexpr uint32_t kIsaF16c = 1u << 13;
inline constexpr uint32_t kIsaMovbe = 1u << 14;
inline constexpr int kIsaBitCount = 15;

// The extensions a decoded instruction (status Ok) needs; 0 for baseline instructions.
// A VEX-encoded instruction needs AVX (and, for 256-bit integer forms, AVX2), except the
// BMI instructions, which are VEX-encoded but use general registers only.
uint32_t isa_of(const Insn& insn);

// The extension's name as Linux's /proc/cpuinfo spells its flag where one exists
// ("sse4_2", "avx2", "bmi2"; "pni" is spelled "sse3", "abm" is "lzcnt").
const char* isa_name(uint32_t bit);
// The names of the bits of `set`, separated by spaces, in bit order ("" for none).
std::string isa_names(uint32_t set);

} // namespace zvm::validator
