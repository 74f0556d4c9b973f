#include "validator/disassemble.h"

#include <capstone/capstone.h>

#include <cstdio>

namespace zvm::validator {

namespace {

// One Capstone handle per thread, in AT&T syntax to match the toolchain's assembly.
class Capstone {
  public:
    Capstone() {
        if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle_) != CS_ERR_OK) {
            handle_ = 0;
            return;
        }
        cs_option(handle_, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    }
    ~Capstone() {
        if (handle_) cs_close(&handle_);
    }
    Capstone(const Capstone&) = delete;
    Capstone& operator=(const Capstone&) = delete;
    csh get() const { return handle_; }

  private:
    csh handle_ = 0;
};

} // namespace

std::string disassemble(std::span<const uint8_t> bytes, uint64_t address) {
    thread_local Capstone cs;
    if (!cs.get() || bytes.empty()) return "(bad)";
    cs_insn* insn = nullptr;
    const size_t n = cs_disasm(cs.get(), bytes.data(), bytes.size(), address, 1, &insn);
    if (n == 0) return "(bad)";
    std::string text = insn[0].mnemonic;
    if (insn[0].op_str[0]) text += std::string(" ") + insn[0].op_str;
    cs_free(insn, n);
    return text;
}

std::string hex_bytes(std::span<const uint8_t> bytes) {
    std::string s;
    char buf[4];
    for (size_t i = 0; i < bytes.size(); ++i) {
        snprintf(buf, sizeof buf, i ? " %02x" : "%02x", bytes[i]);
        s += buf;
    }
    return s;
}

std::string format_violation(const Violation& v) {
    std::string rule = std::string("[") + rule_id(v.rule) + "] " + v.message;
    if (v.bytes.empty() && v.address == 0) return rule;
    char addr[24];
    snprintf(addr, sizeof addr, "%llx", static_cast<unsigned long long>(v.address));
    return std::string(addr) + ": " + hex_bytes(v.bytes) + "  " +
           (v.bytes.empty() ? std::string("-") : disassemble(v.bytes, v.address)) + "  " + rule;
}

} // namespace zvm::validator
