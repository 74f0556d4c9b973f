// The loader: reads a nexe once, validates those bytes, and copies them into the
// sandbox (never mapping the file, so the validated bytes are the executed bytes); then
// writes the trampoline region, the thread-pointer page and the initial stack.
#pragma once

#include "runtime/instance.h"
#include "validator/nexe.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zvm::runtime {

// Reads the whole file. On failure returns nullopt and sets *error (strerror text).
std::optional<std::vector<uint8_t>> read_file(const std::string& path, std::string* error);

// What the sandbox starts with.
struct StartState {
    uint64_t entry = 0;         // the nexe's entry point
    uint64_t stack_pointer = 0; // points at argc, 16-byte aligned
};

struct LoadOptions {
    std::vector<std::string> argv; // argv[0] first
    std::vector<std::string> envp;
    uint64_t stack_size = 8ULL << 20;
};

// The initial stack's top pages are pre-faulted: a first-touch fault costs ~10 µs here.
inline constexpr uint64_t kStackPrefault = 64 * 1024;
// Unmapped pages between the stack and the highest mmap: a stack overflow faults.
inline constexpr uint64_t kStackGuard = 1024 * 1024;

// Maps `nexe` (parsed from `file` by the validator, which accepted it) into the sandbox
// of `instance`. Returns nullopt and sets *error when the image cannot be placed.
std::optional<StartState> load_nexe(Instance& instance, std::span<const uint8_t> file,
                                    const validator::Nexe& nexe, const LoadOptions& options,
                                    std::string* error);

// Writes a fresh initial stack (argv, envp, auxv, AT_RANDOM bytes from the instance's
// random source) under ZVM_STACK_TOP into the stack load_nexe mapped, for a served
// request that starts at the entry point (runtime/serve/worker.h). Returns the new stack
// pointer, or nullopt with *error set when it does not fit.
std::optional<uint64_t> rewrite_initial_stack(Instance& instance, std::span<const uint8_t> file,
                                              const validator::Nexe& nexe,
                                              const LoadOptions& options, std::string* error);

} // namespace zvm::runtime
