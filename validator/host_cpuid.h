// This processor's CPUID leaves 1, 7 (subleaf 0) and 0x80000001, read where the C library
// already keeps them: glibc executes CPUID at start-up and offers the raw registers
// (<sys/platform/x86.h>, glibc 2.33 and later). On a virtual machine each CPUID is a VM exit
// (2-6 µs on this project's machines, anchors.md), and a host process needs these leaves
// several times per start (AT_HWCAP, the trampoline's AVX check, the SHA-256 extensions).
#pragma once

#include <cstdint>

namespace zvm::validator {

struct CpuidRegisters {
    uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

enum class CpuidLeaf { k1, k7, k80000001 };

// The registers CPUID gives for `leaf` (subleaf 0); all zero when the processor lacks the
// leaf. Where the C library did not fill a leaf in, it is read with CPUID itself: every
// x86-64 processor reports SSE2 in leaf 1 (EDX bit 26) and long mode in leaf 0x80000001
// (EDX bit 29), so a copy without that bit is one the C library did not make.
CpuidRegisters host_cpuid(CpuidLeaf leaf);

// The same with the CPUID instruction, always (the reference for tests).
CpuidRegisters cpuid_instruction(CpuidLeaf leaf);

// Whether AVX is usable: the processor has it and OSXSAVE (leaf 1 ECX bits 28 and 27), and
// the kernel saves the SSE and AVX register states (XCR0 bits 1 and 2, read by XGETBV).
bool host_avx_usable();

} // namespace zvm::validator
