// The static zvm's violation printer (runtime/violation_printer.h): hands the command to
// zvm-full, and prints the violations without disassembly only if that fails.
#include "runtime/text.h"
#include "runtime/violation_printer.h"
#include "runtime/zvm_full_exec.h"

#include <cinttypes>
#include <cstdio>

namespace zvm::runtime {

void print_violations(const std::string& program, const validator::Result& result) {
    std::string error;
    exec_zvm_full(&error); // returns only when zvm-full cannot be started
    std::fprintf(stderr, "zvm: %s: validation failed (%zu violation%s):\n", program.c_str(),
                 result.violations.size(), result.violations.size() == 1 ? "" : "s");
    for (const auto& v : result.violations) {
        std::string text = strprintf("%" PRIx64 ":", v.address);
        for (const uint8_t b : v.bytes)
            text += strprintf(" %02x", b);
        text += strprintf("  [%s] %s", validator::rule_id(v.rule), v.message.c_str());
        std::fprintf(stderr, "  %s\n", text.c_str());
    }
    std::fprintf(stderr, "zvm: (no disassembly: %s)\n", error.c_str());
}

} // namespace zvm::runtime
