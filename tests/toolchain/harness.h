// Test helpers for the toolchain: run a tool, assemble a snippet with zvm-as, disassemble an
// object with llvm-objdump-19, and check the sandbox invariants on the disassembly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zvm::test {

struct Result {
    int status = -1; // exit status
    std::string out; // standard output
    std::string err; // standard error
};

// Runs a shell command line, capturing stdout and stderr.
Result runShell(const std::string& command);

// A fresh temporary directory, removed at destruction.
class ScratchDir {
  public:
    ScratchDir();
    ~ScratchDir();
    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    const std::string& dir() const { return dir_; }
    void write(const std::string& name, const std::string& text) const;

  private:
    std::string dir_;
};

struct Insn {
    uint64_t addr = 0;
    std::vector<uint8_t> bytes;
    std::string text; // objdump's AT&T text, e.g. "movq	(%edi), %rax"
    uint64_t end() const { return addr + bytes.size(); }
    bool hasPrefix(uint8_t prefix) const;       // among the legacy prefixes before the opcode
    bool is(const std::string& mnemonic) const; // first word of text
};

// Disassembles the executable sections of an object or executable.
std::vector<Insn> disassemble(const std::string& file);

// Assembles `source` with zvm-as in `dir` (as t.s -> t.o); the Result carries zvm-as's output.
// `options` go on zvm-as's command line.
Result assemble(const ScratchDir& dir, const std::string& source, const std::string& options = "");

// Formats bytes as "67 48 8b 07".
std::string hex(const std::vector<uint8_t>& bytes);

// Checks the invariants every zvm-as output must have; returns a description of each violation.
std::vector<std::string> checkInvariants(const std::vector<Insn>& insns);

std::string zvmAs();
std::string zcc();

} // namespace zvm::test
