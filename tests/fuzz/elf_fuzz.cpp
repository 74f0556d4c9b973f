// Fuzz target for the ELF side of `zvm run`: the validator's nexe reader and rules
// (validate_nexe) and the loader's placement of what it parsed (load_nexe: segment
// checks, mapping, trampolines, initial stack) into a real sandbox reservation. Nothing
// is executed. A bad input must give a format error, violations or a load error: never
// a crash, a hang, or a mapping past the memory limit.
//
// Built two ways (tests/fuzz/elf_fuzz.cmake): with libFuzzer (clang -fsanitize=fuzzer,
// optional) and as elf_fuzz_replay, a standalone driver (elf_fuzz_replay.cpp) that ctest
// runs over a generated seed corpus.
#include "runtime/instance.h"
#include "runtime/loader.h"
#include "runtime/sandbox_memory.h"
#include "validator/nexe.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace zvm;
    const std::span<const uint8_t> file(data, size);
    const validator::NexeResult checked = validator::validate_nexe(file);
    if (checked.format_error) return 0;

    // Load even what the validator rejected (the verdict is not the loader's concern):
    // the loader must refuse or place any parsed layout safely. A fresh reservation per
    // input, as zvm run has.
    std::string error;
    auto memory = runtime::SandboxMemory::create(&error);
    if (!memory) {
        std::fprintf(stderr, "elf_fuzz: %s\n", error.c_str());
        std::abort();
    }
    runtime::Instance instance;
    instance.memory = memory.get();
    instance.memory_limit = 64ULL << 20; // small: a huge bss must be refused, not mapped
    runtime::LoadOptions options;
    options.argv = {"fuzz.nexe", "arg"};
    options.envp = {"K=V"};
    options.stack_size = 1ULL << 20;
    const auto start = runtime::load_nexe(instance, file, checked.nexe, options, &error);
    if (start) {
        // What the loader promises: the entry point is the nexe's, the stack is inside
        // the sandbox, 16-byte aligned, and nothing beyond the limit was mapped.
        if (start->entry != checked.nexe.entry || start->stack_pointer % 16 != 0 ||
            start->stack_pointer >= ZVM_STACK_TOP ||
            memory->mapped_bytes() > instance.memory_limit) {
            std::fprintf(stderr, "elf_fuzz: loader broke a promise\n");
            std::abort();
        }
    }
    return 0;
}
