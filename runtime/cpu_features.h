// The instruction-set extensions this processor offers (and, for AVX, that the kernel
// saves: XCR0), in validator/isa.h's bits, and the check that a nexe's needs are met.
#pragma once

#include <cstdint>
#include <string>

namespace zvm::runtime {

// From CPUID (leaves 1, 7 and 0x80000001) and XGETBV. Each CPUID traps on a virtual
// machine (microseconds): call this only for a nexe that needs something.
uint32_t host_isa();

// The extensions in `needed` that `offered` lacks, as names ("avx2 fma"), or "" when
// none is missing.
std::string missing_isa(uint32_t needed, uint32_t offered);

} // namespace zvm::runtime
