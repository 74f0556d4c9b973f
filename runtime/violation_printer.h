// How `zvm run` prints a nexe's violations when validation fails: a link-time hook
// (docs/design.md, "Two binaries"), one implementation per binary.
//   zvm-full (violation_printer.cpp, library zvm_diagnostics): each violation with
//     Capstone's disassembly (validator/disassemble.h).
//   zvm (violation_printer_stub.cpp, library zvm_diagnostics_stub): the static zvm has no
//     Capstone; it hands the whole command to zvm-full (runtime/zvm_full_exec.h), which
//     re-runs it and prints the violations itself. Only if zvm-full cannot be started does
//     it print them here, without disassembly (address, bytes, rule and message), followed
//     by "zvm: (no disassembly: WHY)".
// Either way the caller then ends with exit_status::kCannotRun.
#pragma once

#include "validator/validator.h"

#include <string>

namespace zvm::runtime {

// Prints "zvm: PROGRAM: validation failed (N violations):" and one indented line per
// violation on stderr.
void print_violations(const std::string& program, const validator::Result& result);

} // namespace zvm::runtime
