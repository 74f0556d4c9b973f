// A generator of valid sandboxed code: a realistic mix of instructions (loads and
// stores with 0x67, ALU, SSE/AVX, pushes and pops, direct branches to earlier bundle
// starts, calls ending bundles, masked indirect jumps, the return sequence),
// packed into 32-byte bundles with LLVM's nop forms. For benchmarks and for tests
// that need a lot of valid code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zvm::validator::bench {

// `size` bytes (rounded up to a whole bundle) of code valid at `base`, deterministic in `seed`.
std::vector<uint8_t> generate_valid_code(size_t size, uint64_t base, uint64_t seed);

// Valid code made from real compiler output: every instruction of `code` (decoded
// linearly, undecodable bytes skipped) that the validator allows on its own, with 0x67
// added where R3/R4 need it, repacked into bundles; branches, forbidden instructions,
// %fs/%gs accesses and %rsp writes are dropped. A realistic instruction mix for the
// benchmark (random mixes mispredict more than real code).
std::vector<uint8_t> sandboxize(const std::vector<uint8_t>& code, size_t max_size);

// LLVM's nop of `length` bytes (1-11), the forms it pads bundles with.
const std::vector<uint8_t>& llvm_nop(size_t length);

} // namespace zvm::validator::bench
