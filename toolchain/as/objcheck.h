// A self-check of the object zvm-as produced, on the properties the streamer promises but the
// validator sees only after linking: executable sections are bundle aligned, and every function
// symbol in them starts a bundle (an indirect call masks its target to 32 bytes).
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/raw_ostream.h>

namespace zvm::as {

// Returns false (after printing each problem to `diag`) if the object breaks a property.
bool checkObject(llvm::StringRef object, llvm::StringRef inputName, llvm::raw_ostream& diag);

} // namespace zvm::as
