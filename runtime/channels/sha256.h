// SHA-256 for channel etags: the one implementation lives in validator/sha256.h (shared
// with the validation cache); the runtime uses it under its own namespace.
#pragma once

#include "validator/sha256.h"

namespace zvm::runtime {

using validator::Sha256;

} // namespace zvm::runtime
