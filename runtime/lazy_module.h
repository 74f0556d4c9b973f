// Parts of zvm that `zvm run` rarely needs live in shared modules next to it
// (<dir of zvm>/../lib/NAME.so), loaded only when needed: their libraries cost start-up
// time in every process that links them (Capstone's relocations: ~480 page faults, about
// 2 ms here; libarchive with ICU and libxml2: ~220 faults) while the native program zvm
// is compared with starts in about 0.2 ms (bench/startup).
//   zvm_diagnostics.so  the validator's Capstone disassembly, for printing violations
//   zvm_pack.so         zvm pack (libarchive)
#pragma once

#include <string>

namespace zvm::runtime {

// The address of `symbol` in module `name` ("zvm_pack"), or nullptr with *error set.
void* lazy_module_symbol(const char* name, const char* symbol, std::string* error);

} // namespace zvm::runtime
