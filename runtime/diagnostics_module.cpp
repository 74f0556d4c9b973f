// zvm_diagnostics.so (runtime/lazy_module.h): the validator's diagnostics with Capstone's
// disassembly, loaded by zvm run only when a nexe has violations to print.
#include "validator/disassemble.h"

#include <string>

extern "C" __attribute__((visibility("default"))) void
zvm_format_violation(const zvm::validator::Violation* violation, std::string* out) {
    *out = zvm::validator::format_violation(*violation);
}
