// zvm-full's violation printer (runtime/violation_printer.h): with Capstone's disassembly.
#include "runtime/violation_printer.h"

#include "validator/disassemble.h"

#include <cstdio>

namespace zvm::runtime {

void print_violations(const std::string& program, const validator::Result& result) {
    std::fprintf(stderr, "zvm: %s: validation failed (%zu violation%s):\n", program.c_str(),
                 result.violations.size(), result.violations.size() == 1 ? "" : "s");
    for (const auto& v : result.violations)
        std::fprintf(stderr, "  %s\n", validator::format_violation(v).c_str());
}

} // namespace zvm::runtime
