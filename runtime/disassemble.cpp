#include "runtime/disassemble.h"

#include <capstone/capstone.h>

namespace zvm::runtime {

std::string disassemble_one(std::span<const uint8_t> bytes, uint64_t address) {
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) return "(unknown)";
    cs_insn* insn = nullptr;
    std::string text = "(unknown)";
    if (cs_disasm(handle, bytes.data(), bytes.size(), address, 1, &insn) == 1) {
        text = insn[0].mnemonic;
        if (insn[0].op_str[0] != '\0') text += std::string(" ") + insn[0].op_str;
        cs_free(insn, 1);
    }
    cs_close(&handle);
    return text;
}

} // namespace zvm::runtime
