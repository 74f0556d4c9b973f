#include "objcheck.h"

#include "syscalls/abi.h"

#include <llvm/Object/ELFObjectFile.h>

namespace zvm::as {

bool checkObject(llvm::StringRef object, llvm::StringRef inputName, llvm::raw_ostream& diag) {
    auto file = llvm::object::ELF64LEObjectFile::create(llvm::MemoryBufferRef(object, inputName));
    if (!file) {
        diag << "zvm-as: internal error: cannot read the object just written: "
             << llvm::toString(file.takeError()) << "\n";
        return false;
    }
    bool ok = true;
    for (llvm::object::ELFSectionRef sec : file->sections()) {
        if (!(sec.getFlags() & llvm::ELF::SHF_EXECINSTR) || sec.getSize() == 0) continue;
        if (sec.getAlignment().value() < ZVM_BUNDLE_SIZE) {
            diag << inputName << ": error: executable section " << llvm::cantFail(sec.getName())
                 << " is not 32-byte aligned\n";
            ok = false;
        }
    }
    for (llvm::object::ELFSymbolRef sym : file->symbols()) {
        if (sym.getELFType() != llvm::ELF::STT_FUNC) continue;
        auto sec = sym.getSection();
        if (!sec || *sec == file->section_end()) {
            llvm::consumeError(sec.takeError());
            continue;
        }
        if (!(llvm::object::ELFSectionRef(**sec).getFlags() & llvm::ELF::SHF_EXECINSTR)) continue;
        uint64_t value = llvm::cantFail(sym.getValue());
        if (value % ZVM_BUNDLE_SIZE != 0) {
            diag << inputName << ": error: function " << llvm::cantFail(sym.getName())
                 << " is not 32-byte aligned (declare it with .type before its label)\n";
            ok = false;
        }
    }
    return ok;
}

} // namespace zvm::as
