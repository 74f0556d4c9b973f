// Fuzz target for the validator's core (validate_code): the input is code bytes loaded at
// the start of the text (0x20000), padded with hlt to a whole bundle as the toolchain pads.
// Whatever the bytes, validate_code must not crash or hang, and its result must be
// coherent (violations inside the code, at most 15 bytes each, sorted; max_errors = 1 gives
// one violation exactly when there are any), and the same as the full path's alone
// (Options::fast_paths = false: the driver's fast paths must decide exactly as the full
// decoder and rules do). When it accepts the code, LLVM's reading of the
// same bytes must obey the sandbox model (tests/fuzz/validator_oracle.h): an accepted input
// the oracle refuses is a validator bug, reported with the offending instruction, and the
// target aborts so that libFuzzer keeps the input.
//
// Built two ways (tests/fuzz/validator_fuzz.cmake): with libFuzzer (clang++-19
// -fsanitize=fuzzer) and as validator_fuzz_replay, with the standalone driver
// vfs_fuzz_replay.cpp; ctest runs both over seeds of valid code (validator_fuzz_seeds.cpp).
#include "syscalls/abi.h"
#include "tests/fuzz/validator_oracle.h"
#include "validator/decoder.h"
#include "validator/validator.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

namespace zv = zvm::validator;

constexpr uint64_t kBase = ZVM_TEXT_START;
constexpr size_t kMaxCode = 1 << 16;

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "validator_fuzz: %s: %s\n", what, detail.c_str());
    std::abort();
}

// The validator's length for the instruction at `offset` (for the oracle's documented
// exceptions only).
size_t validator_length(const uint8_t* code, size_t size, size_t offset) {
    const zv::Insn d = zv::decode(code + offset, size - offset);
    return d.status == zv::DecodeStatus::Ok ? d.length : 0;
}

void check_coherent(const zv::Result& r, const std::vector<uint8_t>& code) {
    if (r.bytes_checked != code.size()) fail("incoherent result", "bytes_checked");
    uint64_t last = 0;
    for (const zv::Violation& v : r.violations) {
        // Address 0 is an ELF-level or whole-code finding; validate_code reports none, but
        // the driver may: accept it only with no bytes.
        if (v.address != 0 && (v.address < kBase || v.address >= kBase + code.size()))
            fail("violation outside the code", std::to_string(v.address));
        if (v.bytes.size() > 15) fail("violation with more than 15 bytes", v.message);
        if (v.address < last) fail("violations not sorted by address", v.message);
        if (v.message.empty()) fail("violation without a message", zv::rule_id(v.rule));
        last = v.address;
    }
}

// How much the oracle judged, printed at exit. A run of 1000 inputs or more in which no
// input was accepted fails: the seeds were missing, and the oracle never ran.
struct Tally {
    size_t inputs = 0, accepted = 0;
    zvm::validator::fuzz::OracleStats oracle;
    ~Tally() {
        std::fprintf(stderr,
                     "validator_fuzz: %zu inputs, %zu accepted; LLVM judged %zu instructions "
                     "(%zu #UD VEX forms stepped over, %zu REX.W retried)\n",
                     inputs, accepted, oracle.instructions, oracle.ud_vex, oracle.rexw_retry);
        if (inputs >= 1000 && accepted == 0) {
            std::fprintf(stderr, "validator_fuzz: no input was valid code: missing seeds?\n");
            std::_Exit(1);
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static zvm::validator::fuzz::Oracle oracle;
    static Tally tally;
    if (!oracle.ok()) fail("setup", "LLVM's X86 disassembler is not available");
    if (size > kMaxCode) return 0;
    ++tally.inputs;
    std::vector<uint8_t> code(data, data + size);
    code.resize((size + ZVM_BUNDLE_SIZE - 1) / ZVM_BUNDLE_SIZE * ZVM_BUNDLE_SIZE, 0xF4);

    const zv::Result all = zv::validate_code(code, kBase);
    check_coherent(all, code);
    zv::Options first;
    first.max_errors = 1;
    const zv::Result one = zv::validate_code(code, kBase, first);
    if (one.violations.size() != (all.valid() ? 0u : 1u))
        fail("max_errors = 1", std::to_string(one.violations.size()) + " violations, full run " +
                                   std::to_string(all.violations.size()));
    zv::Options full_path;
    full_path.fast_paths = false;
    const zv::Result slow = zv::validate_code(code, kBase, full_path);
    if (slow.violations.size() != all.violations.size() || slow.isa != all.isa)
        fail("fast paths and full path disagree",
             std::to_string(all.violations.size()) + " against " +
                 std::to_string(slow.violations.size()) + " violations");
    for (size_t i = 0; i < all.violations.size(); ++i) {
        const zv::Violation &a = all.violations[i], &b = slow.violations[i];
        if (a.address != b.address || a.rule != b.rule || a.message != b.message ||
            a.bytes != b.bytes)
            fail("fast paths and full path disagree", a.message + " against " + b.message);
    }
    if (!all.valid()) return 0;

    ++tally.accepted;
    const std::string wrong = oracle.check(code, kBase, validator_length, &tally.oracle);
    if (!wrong.empty()) fail("the validator accepted code LLVM reads as breaking the model", wrong);
    return 0;
}
