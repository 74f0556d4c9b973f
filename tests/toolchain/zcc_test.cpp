// zcc: the cc-style driver (-c -S -E -o, errors, exit status) and the nexe it links.
#include "harness.h"

#include <gtest/gtest.h>

#include <elf.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace zvm::test {
namespace {

namespace fs = std::filesystem;

class Zcc : public ::testing::Test {
  protected:
    Result zccIn(const std::string& args) {
        return runShell("cd " + dir_.dir() + " && " + zcc() + " " + args);
    }
    ScratchDir dir_;
};

std::vector<char> readBinary(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(Zcc, VersionAndHelp) {
    Result v = zccIn("--version");
    EXPECT_EQ(v.status, 0) << v.err;
    EXPECT_NE(v.out.find("zcc"), std::string::npos);
    Result h = zccIn("--help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("usage"), std::string::npos);
}

TEST_F(Zcc, CompileToObjectNamesOutputAfterSource) {
    dir_.write("a.c", "int f(int x) { return x * 3; }\n");
    Result r = zccIn("-O2 -c a.c");
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(fs::exists(dir_.path("a.o")));
    auto obj = readBinary(dir_.path("a.o"));
    ASSERT_GE(obj.size(), sizeof(Elf64_Ehdr));
    Elf64_Ehdr eh;
    std::memcpy(&eh, obj.data(), sizeof eh);
    EXPECT_EQ(eh.e_type, ET_REL);
    EXPECT_EQ(eh.e_machine, EM_X86_64);
    for (const std::string& v : checkInvariants(disassemble(dir_.path("a.o"))))
        ADD_FAILURE() << v;
}

TEST_F(Zcc, OutputOption) {
    dir_.write("a.c", "int f(void) { return 1; }\n");
    ASSERT_EQ(zccIn("-c a.c -o sub.o").status, 0);
    EXPECT_TRUE(fs::exists(dir_.path("sub.o")));
    EXPECT_FALSE(fs::exists(dir_.path("a.o")));
}

TEST_F(Zcc, AssemblyOutput) {
    dir_.write("a.c", "int answer(void) { return 42; }\n");
    ASSERT_EQ(zccIn("-S a.c").status, 0);
    std::ifstream in(dir_.path("a.s"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("answer:"), std::string::npos);
}

TEST_F(Zcc, PreprocessOnly) {
    dir_.write("a.c", "#include <string.h>\nint v = VALUE;\n");
    Result r = zccIn("-E -DVALUE=1234 a.c");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("int v = 1234;"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("strlen"), std::string::npos) << "sysroot headers are used";
    EXPECT_NE(zccIn("-E -dM a.c").out.find("__zvm__"), std::string::npos);
}

TEST_F(Zcc, AssemblerInputs) {
    dir_.write("a.s", "\t.text\n\t.globl g\n\t.type g,@function\ng:\n\tmovq (%rdi), %rax\n\tret\n");
    dir_.write("b.S", "#define REG %rax\n\t.text\n\t.globl h\n\t.type h,@function\nh:\n"
                      "\tmovq (%rdi), REG\n\tret\n");
    ASSERT_EQ(zccIn("-c a.s").status, 0);
    ASSERT_EQ(zccIn("-c b.S").status, 0);
    for (const char* obj : {"a.o", "b.o"}) {
        auto insns = disassemble(dir_.path(obj));
        ASSERT_FALSE(insns.empty());
        EXPECT_EQ(insns[0].bytes, (std::vector<uint8_t>{0x67, 0x48, 0x8b, 0x07})) << obj;
        for (const std::string& v : checkInvariants(insns))
            ADD_FAILURE() << obj << ": " << v;
    }
}

TEST_F(Zcc, CompilerErrorPropagates) {
    dir_.write("bad.c", "int f( { return; }\n");
    Result r = zccIn("-c bad.c");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("clang-19"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_.path("bad.o")));
}

TEST_F(Zcc, UnsafeInlineAssemblyIsRejected) {
    dir_.write("cpuid.c", "void f(void) { __asm__ volatile(\"cpuid\" ::: \"eax\",\"ebx\",\"ecx\","
                          "\"edx\"); }\n");
    Result r = zccIn("-c cpuid.c");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("zvm-as failed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("CPUID"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_.path("cpuid.o")));
    // The generated assembly is kept for the user to read; the message says where.
    const std::string kept = "(assembly kept in ";
    const size_t at = r.err.find(kept);
    ASSERT_NE(at, std::string::npos) << r.err;
    const size_t end = r.err.find(')', at);
    ASSERT_NE(end, std::string::npos) << r.err;
    const fs::path assembly = r.err.substr(at + kept.size(), end - at - kept.size());
    EXPECT_TRUE(fs::is_regular_file(assembly)) << assembly;
    ASSERT_TRUE(assembly.parent_path().filename().string().starts_with("zcc-")) << assembly;
    fs::remove_all(assembly.parent_path());
}

TEST_F(Zcc, UsageErrors) {
    EXPECT_NE(zccIn("").status, 0);
    dir_.write("a.c", "int a;\n");
    dir_.write("b.c", "int b;\n");
    EXPECT_NE(zccIn("-c a.c b.c -o x.o").status, 0);
    EXPECT_NE(zccIn("-shared a.c").status, 0);
    Result missing = zccIn("-c nonexistent.c");
    EXPECT_NE(missing.status, 0);
}

TEST_F(Zcc, LinkFailurePropagates) {
    dir_.write("m.c", "int undefined_function(void);\nint main(void) { return "
                      "undefined_function(); }\n");
    Result r = zccIn("m.c -o m.nexe");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("ld.lld-19"), std::string::npos) << r.err;
}

// The ELF properties a nexe must have (docs/sfi-model.md rule 10 and the linker script).
void checkNexe(const std::string& path) {
    auto file = readBinary(path);
    ASSERT_GE(file.size(), sizeof(Elf64_Ehdr)) << path;
    Elf64_Ehdr eh;
    std::memcpy(&eh, file.data(), sizeof eh);
    ASSERT_EQ(std::memcmp(eh.e_ident, ELFMAG, SELFMAG), 0);
    EXPECT_EQ(eh.e_ident[EI_CLASS], ELFCLASS64);
    EXPECT_EQ(eh.e_type, ET_EXEC);
    EXPECT_EQ(eh.e_machine, EM_X86_64);
    int executable = 0;
    for (int k = 0; k < eh.e_phnum; ++k) {
        Elf64_Phdr ph;
        std::memcpy(&ph, file.data() + eh.e_phoff + k * eh.e_phentsize, sizeof ph);
        EXPECT_NE(ph.p_type, PT_INTERP);
        EXPECT_NE(ph.p_type, PT_DYNAMIC);
        if (ph.p_type != PT_LOAD) continue;
        EXPECT_GE(ph.p_vaddr, 0x20000u);
        EXPECT_LE(ph.p_vaddr + ph.p_memsz, 0xFFFF0000u);
        EXPECT_FALSE((ph.p_flags & PF_W) && (ph.p_flags & PF_X)) << "W+X segment";
        if (!(ph.p_flags & PF_X)) continue;
        ++executable;
        EXPECT_EQ(ph.p_vaddr, 0x20000u);
        EXPECT_EQ(ph.p_vaddr % 32, 0u);
        EXPECT_EQ(ph.p_filesz % 32, 0u);
        EXPECT_EQ(ph.p_memsz, ph.p_filesz);
        EXPECT_GE(eh.e_entry, ph.p_vaddr);
        EXPECT_LT(eh.e_entry, ph.p_vaddr + ph.p_memsz);
        ASSERT_LE(ph.p_offset + ph.p_filesz, file.size());
        const auto* text = reinterpret_cast<const uint8_t*>(file.data() + ph.p_offset);
        // Every rewritten syscall (lea 5(%rip),%r11; jmp rel32) jumps to the trampoline.
        int syscalls = 0;
        for (size_t i = 0; i + 12 <= ph.p_filesz; ++i) {
            static const uint8_t lea[] = {0x4c, 0x8d, 0x1d, 0x05, 0, 0, 0, 0xe9};
            if (std::memcmp(text + i, lea, sizeof lea) != 0) continue;
            int32_t rel;
            std::memcpy(&rel, text + i + 8, 4);
            EXPECT_EQ(ph.p_vaddr + i + 12 + rel, 0x10000u);
            EXPECT_EQ((ph.p_vaddr + i + 12) % 32, 0u);
            ++syscalls;
        }
        EXPECT_GT(syscalls, 0) << "write and exit go through the trampoline";
    }
    EXPECT_EQ(executable, 1) << "exactly one executable PT_LOAD";
    auto insns = disassemble(path);
    EXPECT_FALSE(insns.empty());
    for (const std::string& v : checkInvariants(insns))
        ADD_FAILURE() << path << ": " << v;
}

TEST_F(Zcc, HelloExampleIsAValidNexe) {
    checkNexe(HELLO_NEXE);
}

TEST_F(Zcc, LinksMultipleSourcesIntoANexe) {
    dir_.write("main.c", "#include <unistd.h>\nint helper(int);\n"
                         "int main(int argc, char** argv) { write(1, argv[0], 1); "
                         "return helper(argc); }\n");
    dir_.write("helper.c", "int helper(int x) { return x + 1; }\n");
    dir_.write("pad.s", "\t.text\n\t.globl pad\n\t.type pad,@function\npad:\n\tnop\n\tret\n");
    Result r = zccIn("-O2 main.c helper.c pad.s -o prog.nexe");
    ASSERT_EQ(r.status, 0) << r.err;
    checkNexe(dir_.path("prog.nexe"));
    ASSERT_EQ(zccIn("-c helper.c && " + zcc() + " main.c helper.o").status, 0);
    EXPECT_TRUE(fs::exists(dir_.path("a.out"))) << "default output name";
}

// The file offset of virtual address `addr` in an executable, or 0 when no segment holds it.
uint64_t fileOffset(const std::vector<char>& file, uint64_t addr) {
    Elf64_Ehdr eh;
    std::memcpy(&eh, file.data(), sizeof eh);
    for (int k = 0; k < eh.e_phnum; ++k) {
        Elf64_Phdr ph;
        std::memcpy(&ph, file.data() + eh.e_phoff + k * eh.e_phentsize, sizeof ph);
        if (ph.p_type == PT_LOAD && addr >= ph.p_vaddr && addr < ph.p_vaddr + ph.p_filesz)
            return ph.p_offset + (addr - ph.p_vaddr);
    }
    return 0;
}

// A dense switch compiles to a position-independent jump table: `lea table(%rip); movslq
// (table,%idx,4); add; and $-32; jmp *%reg` on registers the compiler allocated (never a jump
// through memory, which would need %r11), and every entry leads to a 32-byte aligned address.
TEST_F(Zcc, SwitchJumpTableTargetsAreBundleAligned) {
    dir_.write("sw.c", "int f(int op, int x) {\n"
                       "  switch (op) {\n"
                       "  case 0: return x + 1; case 1: return x * 3; case 2: return x - 7;\n"
                       "  case 3: return x ^ 5; case 4: return x << 2; case 5: return x / 3;\n"
                       "  case 6: return x % 11; case 7: return -x; case 8: return x * x;\n"
                       "  case 9: return x | 64; }\n"
                       "  return 0;\n}\n"
                       "int main(int argc, char** argv) { return f(argc, (int)(long)argv); }\n");
    Result r = zccIn("-O2 sw.c -o sw.nexe");
    ASSERT_EQ(r.status, 0) << r.err;
    checkNexe(dir_.path("sw.nexe"));
    auto file = readBinary(dir_.path("sw.nexe"));
    auto insns = disassemble(dir_.path("sw.nexe"));
    uint64_t table = 0;
    for (size_t k = 0; k + 1 < insns.size(); ++k) {
        const std::string& t = insns[k].text;
        EXPECT_FALSE(insns[k].is("movq") && t.find(",8), %r11") != std::string::npos)
            << "a jump table read into %r11: " << t;
        // leaq 0xfec(%rip), %rdx  # 0x21000 <...>, then movslq (%edx,%ecx,4), %rcx
        size_t comment = t.find("# 0x");
        if (table || !insns[k].is("leaq") || comment == std::string::npos) continue;
        if (!insns[k + 1].is("movslq") || insns[k + 1].text.find(",4), %r") == std::string::npos)
            continue;
        table = std::stoull(t.substr(comment + 2), nullptr, 16);
    }
    ASSERT_NE(table, 0u) << "no position-independent jump table";
    uint64_t offset = fileOffset(file, table);
    ASSERT_NE(offset, 0u) << "the table is not in the file";
    ASSERT_LE(offset + 10 * 4, file.size());
    for (int k = 0; k < 10; ++k) {
        int32_t entry;
        std::memcpy(&entry, file.data() + offset + 4 * k, sizeof entry);
        uint64_t target = table + static_cast<int64_t>(entry);
        EXPECT_EQ(target % 32, 0u) << "entry " << k << " -> 0x" << std::hex << target;
        EXPECT_GE(target, 0x20000u) << "entry " << k;
        EXPECT_LT(target, table) << "entry " << k << ": the text lies below the table";
    }
}

TEST_F(Zcc, HltFillsGapsBetweenSections) {
    dir_.write("m.c", "int main(void) { return 0; }\n");
    dir_.write("odd.s", "\t.text\n\t.globl odd\n\t.type odd,@function\nodd:\n\tnop\n");
    ASSERT_EQ(zccIn("m.c odd.s -o p.nexe").status, 0);
    bool sawHltRun = false;
    auto insns = disassemble(dir_.path("p.nexe"));
    for (size_t k = 0; k + 1 < insns.size(); ++k)
        if (insns[k].is("nop") && insns[k].bytes.size() == 1 && insns[k + 1].is("hlt"))
            sawHltRun = true;
    EXPECT_TRUE(sawHltRun) << "the 31 bytes after odd's nop are hlt";
}

} // namespace
} // namespace zvm::test
