// Human-readable diagnostics for violations, using Capstone. Outside the pure core:
// the validator's verdict never depends on this code.
#pragma once

#include "validator/validator.h"

#include <cstdint>
#include <span>
#include <string>

namespace zvm::validator {

// Capstone's disassembly of the first instruction in `bytes` at `address`
// ("mov eax, dword ptr [rax]"-style AT&T text: "movl (%rax), %eax"), or "(bad)".
std::string disassemble(std::span<const uint8_t> bytes, uint64_t address);

// The bytes as lowercase hex pairs separated by spaces: "67 8b 00".
std::string hex_bytes(std::span<const uint8_t> bytes);

// One diagnostic line: "address: bytes  disassembly  [rule-id] message"
// (ELF-level violations, which have no bytes: "[R10-elf] message").
std::string format_violation(const Violation& v);

} // namespace zvm::validator
