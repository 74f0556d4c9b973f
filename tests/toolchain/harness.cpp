#include "harness.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace zvm::test {

namespace fs = std::filesystem;

std::string zvmAs() {
    return ZVM_AS_PATH;
}
std::string zcc() {
    return ZCC_PATH;
}

static std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result runShell(const std::string& command) {
    char tmpl[] = "/tmp/zvm-test-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::string full = "(" + command + ") >" + dir + "/out 2>" + dir + "/err";
    int raw = std::system(full.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = readFile(dir + "/out");
    r.err = readFile(dir + "/err");
    fs::remove_all(dir);
    return r;
}

ScratchDir::ScratchDir() {
    char tmpl[] = "/tmp/zvm-toolchain-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void ScratchDir::write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
}

bool Insn::hasPrefix(uint8_t prefix) const {
    for (uint8_t b : bytes) {
        if (b == prefix) return true;
        bool legacy = b == 0x66 || b == 0x67 || b == 0xF2 || b == 0xF3 || b == 0xF0 || b == 0x2E ||
                      b == 0x3E || b == 0x26 || b == 0x36 || b == 0x64 || b == 0x65;
        if (!legacy && (b & 0xF0) != 0x40) return false; // opcode reached (REX is 0x4X)
    }
    return false;
}

bool Insn::is(const std::string& mnemonic) const {
    std::string t = text;
    // objdump prints prefixes as words ("rep", "addr32") before the mnemonic.
    std::istringstream words(t);
    std::string w;
    while (words >> w) {
        if (w == "rep" || w == "addr32" || w == "lock" || w == "data16") continue;
        return w == mnemonic;
    }
    return false;
}

std::string hex(const std::vector<uint8_t>& bytes) {
    std::string s;
    char buf[4];
    for (size_t i = 0; i < bytes.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%02x", i ? " " : "", bytes[i]);
        s += buf;
    }
    return s;
}

std::vector<Insn> disassemble(const std::string& file) {
    Result r = runShell(std::string(LLVM_OBJDUMP) + " -d " + file);
    std::vector<Insn> insns;
    static const std::regex line(R"(^\s*([0-9a-f]+):\s((?:[0-9a-f]{2} )+)\s*(.*)$)");
    std::istringstream in(r.out);
    std::string l;
    while (std::getline(in, l)) {
        std::smatch m;
        if (!std::regex_match(l, m, line)) continue;
        Insn insn;
        insn.addr = std::stoull(m[1], nullptr, 16);
        std::istringstream bytes(m[2]);
        std::string b;
        while (bytes >> b)
            insn.bytes.push_back(static_cast<uint8_t>(std::stoul(b, nullptr, 16)));
        insn.text = m[3];
        insns.push_back(insn);
    }
    return insns;
}

Result assemble(const ScratchDir& dir, const std::string& source, const std::string& options) {
    dir.write("t.s", source);
    return runShell("cd " + dir.dir() + " && " + zvmAs() + " " + options + " -o t.o t.s");
}

std::vector<std::string> checkInvariants(const std::vector<Insn>& insns) {
    std::vector<std::string> bad;
    auto report = [&](const Insn& i, const std::string& what) {
        char addr[32];
        std::snprintf(addr, sizeof addr, "%#llx", static_cast<unsigned long long>(i.addr));
        bad.push_back(std::string(addr) + " [" + hex(i.bytes) + "] " + i.text + ": " + what);
    };
    for (size_t k = 0; k < insns.size(); ++k) {
        const Insn& i = insns[k];
        if (i.addr / 32 != (i.end() - 1) / 32) report(i, "crosses a bundle boundary");
        bool nop = i.text.find("nop") != std::string::npos;
        // A '(' that is not an x87 stack register (%st(1)) starts a memory operand.
        std::string noSt = std::regex_replace(i.text, std::regex(R"(%st\(\d\))"), "%st");
        bool memory = noSt.find('(') != std::string::npos;
        if (memory && !nop && !i.is("leaq") && !i.is("leal") && !i.hasPrefix(0x67))
            report(i, "memory operand without 0x67");
        if (i.text.find("%fs") != std::string::npos || i.text.find("%gs") != std::string::npos)
            report(i, "uses %fs/%gs");
        if (i.is("syscall") || i.is("int") || i.is("sysenter")) report(i, "system call");
        if (i.is("callq") && i.end() % 32 != 0) report(i, "call does not end at a bundle end");
        bool indirect = (i.is("callq") || i.is("jmpq")) && i.text.find('*') != std::string::npos;
        if (indirect) {
            if (i.text.find("*%") == std::string::npos) report(i, "memory-indirect branch");
            const Insn* prev = k ? &insns[k - 1] : nullptr;
            if (!prev || !prev->is("andl") || prev->text.find("$-0x20") == std::string::npos ||
                prev->addr / 32 != i.addr / 32)
                report(i, "indirect branch not masked in its bundle");
        }
        for (const char* ret : {"ret", "retq", "retw", "retl", "lret", "lretq", "lretl", "lretw"})
            if (i.is(ret)) report(i, "ret instruction (a return is popq %r11 and a masked jmp)");
        if (i.text.find("%rsp") != std::string::npos) {
            // Any write to %rsp other than push/pop/call shows %rsp as the last operand.
            std::string t = i.text;
            bool dest = t.size() >= 4 && t.substr(t.size() - 4) == "%rsp";
            if (dest && !i.is("pushq") && !i.is("popq")) report(i, "writes %rsp");
        }
    }
    return bad;
}

} // namespace zvm::test
