// The instruction-set extensions this processor offers (and, for AVX, that the kernel
// saves: XCR0), in validator/isa.h's bits, and the check that a nexe's needs are met.
#pragma once

#include <cstdint>
#include <string>

namespace zvm::runtime {

// From CPUID leaves 1, 7 and 0x80000001, as the C library read them at start-up
// (validator/host_cpuid.h: no CPUID, which traps on a virtual machine), and XGETBV.
uint32_t host_isa();

// AT_HWCAP for a nexe's auxiliary vector: CPUID leaf 1's EDX, read once per process and
// then remembered.
uint64_t host_hwcap();

// The extensions in `needed` that `offered` lacks, as names ("avx2 fma"), or "" when
// none is missing.
std::string missing_isa(uint32_t needed, uint32_t offered);

// The bits named in `names` (isa_name's names, separated by commas or spaces); unknown
// names are ignored.
uint32_t isa_from_names(const std::string& names);

// What a nexe needing `needed` lacks on this processor, as missing_isa says it; "" when it
// can run (without a CPUID when `needed` is 0). The extensions named in $ZVM_HIDE_ISA
// count as absent: a way to try a nexe as a processor without them would (docs/cli.md).
std::string unmet_isa(uint32_t needed);

} // namespace zvm::runtime
