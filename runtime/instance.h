// The state of the one running instance that the syscall handlers work on: its memory
// map and its virtual resources. The runtime creates it; the trampoline's context points
// at it (SandboxContext::instance) so the dispatcher reaches it without a global.
#pragma once

#include "runtime/random.h"
#include "runtime/sandbox_memory.h"

#include <cstdint>

namespace zvm::runtime {

struct Instance {
    SandboxMemory* memory = nullptr;
    DeterministicRandom random;
};

} // namespace zvm::runtime
