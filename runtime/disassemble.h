// Human-readable disassembly of one instruction for diagnostics (Capstone).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zvm::runtime {

// "mov eax, dword ptr [rax]", or "(unknown)" when Capstone cannot decode the bytes.
std::string disassemble_one(std::span<const uint8_t> bytes, uint64_t address);

} // namespace zvm::runtime
