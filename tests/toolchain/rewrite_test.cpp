// zvm-as rewrites: small assembly snippets through zvm-as, checked on the disassembled bytes.
#include "harness.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace zvm::test {
namespace {

using Bytes = std::vector<uint8_t>;

class Rewrite : public ::testing::Test {
  protected:
    // Assembles `body` (in .text) and returns the disassembly; fails the test on errors.
    std::vector<Insn> code(const std::string& body) {
        Result r = assemble(dir_, "\t.text\n" + body);
        EXPECT_EQ(r.status, 0) << r.err;
        auto insns = disassemble(dir_.path("t.o"));
        for (const std::string& v : checkInvariants(insns))
            ADD_FAILURE() << v;
        return insns;
    }
    // The instructions other than padding nops.
    static std::vector<Insn> real(const std::vector<Insn>& insns) {
        std::vector<Insn> out;
        for (const Insn& i : insns)
            if (i.text.find("nop") == std::string::npos) out.push_back(i);
        return out;
    }
    // Assembles `body` expecting an error at `line` (of t.s) mentioning `message`.
    void expectError(const std::string& body, int line, const std::string& message) {
        std::filesystem::remove(dir_.path("t.o"));
        Result r = assemble(dir_, "\t.text\n" + body);
        EXPECT_EQ(r.status, 1) << body;
        EXPECT_NE(r.err.find("t.s:" + std::to_string(line) + ":"), std::string::npos)
            << body << "\n"
            << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << body << "\n" << r.err;
        EXPECT_FALSE(std::filesystem::exists(dir_.path("t.o"))) << "output written on error";
    }
    ScratchDir dir_;
};

TEST_F(Rewrite, MemoryOperandsGetAddressSizePrefix) {
    auto insns = real(code("movq (%rdi), %rax\n"
                           "movl %eax, 8(%rsp)\n"
                           "addq 16(%rbp,%rcx,4), %rdx\n"
                           "vmovdqu (%rax), %ymm0\n"
                           "pushq (%rax)\n"
                           "lock cmpxchgq %rcx, (%rsi)\n"
                           "incl -4(%rbp)\n"));
    ASSERT_EQ(insns.size(), 7u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x67, 0x48, 0x8b, 0x07}));
    EXPECT_EQ(insns[1].bytes, (Bytes{0x67, 0x89, 0x44, 0x24, 0x08}));
    for (const Insn& i : insns)
        EXPECT_TRUE(i.hasPrefix(0x67)) << i.text;
}

TEST_F(Rewrite, RipRelativeBecomesEipRelative) {
    auto insns = real(code("movq x(%rip), %rcx\n"));
    ASSERT_EQ(insns.size(), 1u);
    EXPECT_EQ(Bytes(insns[0].bytes.begin(), insns[0].bytes.begin() + 4),
              (Bytes{0x67, 0x48, 0x8b, 0x0d}));
    EXPECT_NE(insns[0].text.find("%eip"), std::string::npos) << insns[0].text;
}

TEST_F(Rewrite, LeaAndNopsAreExempt) {
    auto insns = code("leaq 8(%rsp), %rdx\nnopw 0(%rax,%rax)\n");
    ASSERT_EQ(insns.size(), 2u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x48, 0x8d, 0x54, 0x24, 0x08}));
    EXPECT_FALSE(insns[1].hasPrefix(0x67));
}

TEST_F(Rewrite, StringInstructionsGetAddressSizePrefix) {
    auto insns = real(code("rep movsb\nrep; stosq\nlodsb\nrepne scasb\ncmpsl\nxlat\n"));
    ASSERT_EQ(insns.size(), 6u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0xf3, 0x67, 0xa4}));
    // The standalone `rep;` is emitted with its instruction, in one bundle-locked group.
    EXPECT_EQ(insns[1].bytes, (Bytes{0xf3, 0x67, 0x48, 0xab}));
    for (const Insn& i : insns)
        EXPECT_TRUE(i.hasPrefix(0x67)) << i.text;
}

TEST_F(Rewrite, StandalonePrefixStaysWithItsInstruction) {
    // Push the prefixed instruction towards a bundle end: it must not be split from its prefix.
    std::string body;
    for (int i = 0; i < 10; ++i)
        body += "movl $1, %eax\n"; // 5 bytes each: 50 bytes
    body += "rep; stosb\n";
    auto insns = real(code(body));
    ASSERT_EQ(insns.back().bytes, (Bytes{0xf3, 0x67, 0xaa}));
}

TEST_F(Rewrite, ThreadPointerLoadUsesTheSlot) {
    auto insns = real(code("movq %fs:0, %rax\nmovq %fs:0, %r9\n"));
    ASSERT_EQ(insns.size(), 2u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x67, 0x48, 0x8b, 0x04, 0x25, 0x00, 0xf0, 0x01, 0x00}));
    EXPECT_EQ(insns[1].bytes, (Bytes{0x67, 0x4c, 0x8b, 0x0c, 0x25, 0x00, 0xf0, 0x01, 0x00}));
}

TEST_F(Rewrite, SyscallBecomesTrampolineCall) {
    auto insns = real(code("movl $1, %eax\nsyscall\nmovl $2, %eax\n"));
    ASSERT_EQ(insns.size(), 4u);
    const Insn& lea = insns[1];
    const Insn& jmp = insns[2];
    EXPECT_EQ(lea.bytes, (Bytes{0x4c, 0x8d, 0x1d, 0x05, 0x00, 0x00, 0x00})); // lea 1f(%rip),%r11
    EXPECT_EQ(jmp.bytes[0], 0xe9);                                           // jmp rel32
    EXPECT_EQ(jmp.addr, lea.end());
    EXPECT_EQ(jmp.end() % 32, 0u) << "the trampoline call must end at a bundle end";
    EXPECT_EQ(insns[3].addr, jmp.end()) << "label 1: is right after the jmp";
    Result rel = runShell(std::string(LLVM_OBJDUMP) + " -r " + dir_.path("t.o"));
    EXPECT_NE(rel.out.find("__zvm_trampoline_syscall"), std::string::npos) << rel.out;
}

TEST_F(Rewrite, DirectCallsEndAtBundleEnd) {
    std::string body;
    for (int i = 0; i < 12; ++i) {
        for (int j = 0; j < i; ++j)
            body += "nop\n";
        body += "call f\n";
    }
    for (const Insn& i : real(code(body)))
        if (i.is("callq")) {
            EXPECT_EQ(i.end() % 32, 0u) << std::hex << i.addr;
        }
}

TEST_F(Rewrite, IndirectCallThroughRegister) {
    auto insns = real(code("call *%rax\ncall *%r10\n"));
    ASSERT_EQ(insns.size(), 4u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x83, 0xe0, 0xe0}));
    EXPECT_EQ(insns[1].bytes, (Bytes{0xff, 0xd0}));
    EXPECT_EQ(insns[2].bytes, (Bytes{0x41, 0x83, 0xe2, 0xe0}));
    EXPECT_EQ(insns[3].bytes, (Bytes{0x41, 0xff, 0xd2}));
    EXPECT_EQ(insns[1].end() % 32, 0u);
    EXPECT_EQ(insns[3].end() % 32, 0u);
}

TEST_F(Rewrite, IndirectCallThroughMemoryUsesR11) {
    auto insns = real(code("call *8(%rax)\n"));
    ASSERT_EQ(insns.size(), 3u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x67, 0x4c, 0x8b, 0x58, 0x08})); // movq 8(%eax), %r11
    EXPECT_EQ(insns[1].bytes, (Bytes{0x41, 0x83, 0xe3, 0xe0}));       // andl $-32, %r11d
    EXPECT_EQ(insns[2].bytes, (Bytes{0x41, 0xff, 0xd3}));             // call *%r11
    EXPECT_EQ(insns[2].end() % 32, 0u);
}

TEST_F(Rewrite, IndirectJumps) {
    std::string pad;
    for (int i = 0; i < 6; ++i)
        pad += "movl $1, %eax\n"; // make the pair straddle a boundary
    auto insns = real(code(pad + "jmp *%rcx\n" + pad + "jmp *(%rdi,%rsi,8)\n"));
    std::vector<Insn> jumps;
    for (size_t k = 0; k < insns.size(); ++k)
        if (insns[k].is("jmpq")) jumps.push_back(insns[k]);
    ASSERT_EQ(jumps.size(), 2u);
    EXPECT_EQ(jumps[0].bytes, (Bytes{0xff, 0xe1}));
    EXPECT_EQ(jumps[1].bytes, (Bytes{0x41, 0xff, 0xe3}));
    bool sawLoad = false;
    for (const Insn& i : insns)
        if (i.bytes == Bytes{0x67, 0x4c, 0x8b, 0x1c, 0xf7}) sawLoad = true; // movq (..),%r11
    EXPECT_TRUE(sawLoad);
}

TEST_F(Rewrite, ReturnIsPopMaskJump) {
    std::string pad;
    for (int i = 0; i < 5; ++i)
        pad += "movl $1, %eax\n"; // 25 bytes: the pop fits, the and+jmp pair does not
    for (const char* ret : {"ret\n", "rep ret\n", "rep; ret\n", "retq\n"}) {
        for (const std::string& before : {std::string("movl $1, %eax\n"), pad}) {
            auto insns = real(code(before + ret));
            const size_t n = insns.size();
            ASSERT_GE(n, 4u) << ret;
            // popq %r11; andl $-32, %r11d; jmpq *%r11
            EXPECT_EQ(insns[n - 3].bytes, (Bytes{0x41, 0x5b})) << ret;
            EXPECT_EQ(insns[n - 2].bytes, (Bytes{0x41, 0x83, 0xe3, 0xe0})) << ret;
            EXPECT_EQ(insns[n - 1].bytes, (Bytes{0x41, 0xff, 0xe3})) << ret;
            EXPECT_EQ(insns[n - 2].addr / 32, insns[n - 1].addr / 32) << "one bundle";
            for (const Insn& i : insns)
                EXPECT_NE(i.bytes, (Bytes{0xc3})) << ret;
        }
    }
}

// Padding is made of nops of up to 15 bytes: 27 bytes before a call at a bundle start take two.
TEST_F(Rewrite, PaddingUsesFifteenByteNops) {
    auto insns = code("call f\n");
    ASSERT_EQ(insns.size(), 3u);
    EXPECT_EQ(insns[0].bytes.size(), 15u) << insns[0].text;
    EXPECT_EQ(insns[1].bytes.size(), 12u) << insns[1].text;
    EXPECT_TRUE(insns[2].is("callq")) << insns[2].text;
    EXPECT_EQ(insns[2].end() % 32, 0u);
}

// --measure: the same layout as host code (bench/overhead/rewrite_cost.sh), 0x3E for 0x67 and
// masks of -1.
TEST_F(Rewrite, MeasureKeepsLayoutForHostRuns) {
    const std::string body = "\t.text\nmovq (%rdi), %rax\ncall *8(%rax)\njmp *%rcx\nret\n";
    Result sandboxed = assemble(dir_, body);
    ASSERT_EQ(sandboxed.status, 0) << sandboxed.err;
    auto normal = disassemble(dir_.path("t.o"));
    Result measured = assemble(dir_, body, "--measure");
    ASSERT_EQ(measured.status, 0) << measured.err;
    auto host = disassemble(dir_.path("t.o"));
    ASSERT_EQ(host.size(), normal.size());
    for (size_t k = 0; k < host.size(); ++k)
        EXPECT_EQ(host[k].addr, normal[k].addr) << host[k].text;
    auto insns = real(host);
    ASSERT_EQ(insns.size(), 9u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x3e, 0x48, 0x8b, 0x07}));       // movq %ds:(%rdi), %rax
    EXPECT_EQ(insns[1].bytes, (Bytes{0x3e, 0x4c, 0x8b, 0x58, 0x08})); // movq %ds:8(%rax), %r11
    EXPECT_EQ(insns[2].bytes, (Bytes{0x41, 0x83, 0xe3, 0xff}));       // andl $-1, %r11d
    EXPECT_EQ(insns[4].bytes, (Bytes{0x83, 0xe1, 0xff}));             // andl $-1, %ecx
    EXPECT_EQ(insns[7].bytes, (Bytes{0x41, 0x83, 0xe3, 0xff}));       // the return's mask
}

TEST_F(Rewrite, StackPointerWritesBecome32Bit) {
    auto insns = real(code("subq $24, %rsp\n"
                           "addq $4096, %rsp\n"
                           "andq $-16, %rsp\n"
                           "movq %rbp, %rsp\n"
                           "movq (%rax), %rsp\n"
                           "leaq 16(%rbp), %rsp\n"
                           "leave\n"
                           "subl $8, %esp\n"));
    ASSERT_EQ(insns.size(), 9u);
    EXPECT_EQ(insns[0].bytes, (Bytes{0x83, 0xec, 0x18}));                   // subl $24,%esp
    EXPECT_EQ(insns[1].bytes, (Bytes{0x81, 0xc4, 0x00, 0x10, 0x00, 0x00})); // addl $4096,%esp
    EXPECT_EQ(insns[2].bytes, (Bytes{0x83, 0xe4, 0xf0}));                   // andl $-16,%esp
    EXPECT_EQ(insns[3].bytes, (Bytes{0x89, 0xec}));                         // movl %ebp,%esp
    EXPECT_EQ(insns[4].bytes, (Bytes{0x67, 0x8b, 0x20}));                   // movl (%eax),%esp
    EXPECT_EQ(insns[5].bytes, (Bytes{0x8d, 0x65, 0x10}));                   // leal 16(%rbp),%esp
    EXPECT_EQ(insns[6].bytes, (Bytes{0x89, 0xec}));                         // leave: movl
    EXPECT_EQ(insns[7].bytes, (Bytes{0x5d}));                               //        popq %rbp
    EXPECT_EQ(insns[8].bytes, (Bytes{0x83, 0xec, 0x08}));
}

TEST_F(Rewrite, FunctionsAreBundleAligned) {
    Result r = assemble(dir_, "\t.text\n\t.globl f\n\t.type f,@function\nf:\n\tnop\n"
                              "\t.type g,@function\ng:\n\tmovl $1, %eax\n"
                              "\t.globl h\nh:\n\tnop\n");
    ASSERT_EQ(r.status, 0) << r.err;
    Result syms = runShell(std::string(LLVM_OBJDUMP) + " -t " + dir_.path("t.o"));
    for (const char* name : {" f\n", " g\n", " h\n"}) {
        auto pos = syms.out.find(name);
        ASSERT_NE(pos, std::string::npos) << syms.out;
        auto lineStart = syms.out.rfind('\n', pos) + 1;
        uint64_t value = std::stoull(syms.out.substr(lineStart, 16), nullptr, 16);
        EXPECT_EQ(value % 32, 0u) << name << syms.out;
    }
    Result sec = runShell("readelf -SW " + dir_.path("t.o") + " | grep ' .text '");
    EXPECT_NE(sec.out.find(" 32\n"), std::string::npos) << "section alignment: " << sec.out;
}

// Labels whose address is taken (computed goto: `.quad .Ltmp0` in a table, `movl $.Ltmp2, %eax`)
// are reached by masked indirect jumps, so they start a bundle; labels that are only branch
// targets, or referenced only from debug sections, stay where they are.
TEST_F(Rewrite, AddressTakenLabelsAreBundleAligned) {
    auto insns = code("f:\tnop\n"
                      ".Ltmp0:\tincl %eax\n"
                      "\tnop\n"
                      ".Ltmp1:\tdecl %eax\n"
                      "\tnop\n"
                      ".Lbranch:\tnegl %eax\n"
                      "\tjmp .Lbranch\n"
                      ".Ltmp2:\tnotl %eax\n"
                      "\tmovl $.Ltmp2, %eax\n"
                      ".Ldebug:\tincl %ecx\n"
                      "1:\tdecl %ecx\n"
                      "\tnop\n"
                      "\t.section .rodata\n"
                      "\t.quad .Ltmp0, .Ltmp1 + 0\n"
                      "\t.quad 1b\n"
                      "\t.section .debug_info,\"\",@progbits\n"
                      "\t.quad .Ldebug\n");
    auto at = [&](const std::string& text) -> uint64_t {
        for (const Insn& i : insns)
            if (i.text.rfind(text, 0) == 0) return i.addr;
        ADD_FAILURE() << "no instruction " << text;
        return 1;
    };
    EXPECT_EQ(at("incl\t%eax") % 32, 0u);
    EXPECT_EQ(at("decl\t%eax") % 32, 0u);
    EXPECT_EQ(at("notl\t%eax") % 32, 0u);
    EXPECT_EQ(at("decl\t%ecx") % 32, 0u);
    EXPECT_EQ(at("negl\t%eax"), at("decl\t%eax") + 3) << "a branch target is not padded";
    EXPECT_EQ(at("incl\t%ecx"), at("movl\t$0x0, %eax") + 5) << "a debug reference is not padded";
}

TEST_F(Rewrite, UnsafeInputIsAnErrorWithFileAndLine) {
    // Line 1 of t.s is ".text"; the snippet starts on line 2.
    expectError("movq %fs:8, %rax\n", 2, "%fs/%gs");
    expectError("movl %gs:0, %eax\n", 2, "%fs/%gs");
    expectError("nop\nint $0x80\n", 3, "software interrupt");
    expectError("sysenter\n", 2, "SYSENTER");
    expectError("ljmp *(%rax)\n", 2, "far jump");
    expectError("lcall *(%rax)\n", 2, "far call");
    expectError("enter $16, $0\n", 2, "ENTER");
    expectError("ret $8\n", 2, "ret $n");
    expectError("popq %rsp\n", 2, "writes %rsp");
    expectError("xchgq %rax, %rsp\n", 2, "writes %rsp");
    expectError("xorl %esp, %esp\n", 2, "writes %esp");
    expectError("movw %ax, %sp\n", 2, "%sp/%spl");
    expectError("cpuid\n", 2, "nondeterministic");
    expectError("rdtsc\n", 2, "nondeterministic");
    expectError("mov %ax, %ds\n", 2, "segment register");
    expectError("fs; movq (%rax), %rax\n", 2, "%fs");
    expectError("movabsq 0x1234, %rax\n", 2, "64-bit absolute");
    expectError("vpgatherdd %xmm0, (%rax,%xmm1,4), %xmm2\n", 2, "VSIB");
    expectError("movntiq %rax, (%rdi)\n", 2, "non-temporal");
    expectError("clflush (%rdi)\n", 2, "rowhammer");
    expectError(".byte 0x90\n", 2, "executable section");
    expectError(".long 5\n", 2, "executable section");
    expectError(".code32\n", 2, ".code32");
    expectError("rep; call *%rax\n", 2, "standalone prefix");
}

TEST_F(Rewrite, DataOutsideCodeIsFine) {
    Result r = assemble(dir_, "\t.data\nx:\t.byte 1\n\t.long 5\n\t.quad f\n");
    EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(Rewrite, UsageErrors) {
    EXPECT_EQ(runShell(zvmAs()).status, 2);
    EXPECT_EQ(runShell(zvmAs() + " --bogus x.s").status, 2);
    EXPECT_EQ(runShell(zvmAs() + " --help").status, 0);
    Result missing = runShell(zvmAs() + " -o /dev/null /nonexistent.s");
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("nonexistent.s"), std::string::npos);
}

// Compiler output of a C file exercising the rewrites (function pointers, switch, tail calls,
// alloca, struct copies, thread-local storage, varargs, string operations) keeps every invariant.
TEST_F(Rewrite, CompilerOutputKeepsInvariants) {
    dir_.write("c.c", R"(
        #include <stdarg.h>
        typedef int (*fn)(int);
        static __thread int tls_counter;
        struct big { long a[40]; };
        int apply(fn f, int x) { return f(x) + f(x + 1); }
        int tail(fn f, int x) { return f(x); }
        int sw(int x) {
            switch (x) { case 0: return 7; case 1: return 9; case 2: return 12; case 3: return 1;
                         case 4: return 99; case 5: return 3; default: return -1; }
        }
        struct big copy(struct big* b) { struct big c = *b; c.a[3]++; return c; }
        int dyn(int n) { volatile char* p = __builtin_alloca(n); p[0] = 1; return p[0] + n; }
        int tls(void) { return ++tls_counter; }
        long sum(int n, ...) { va_list ap; va_start(ap, n); long s = 0;
                               for (int i = 0; i < n; i++) s += va_arg(ap, long);
                               va_end(ap); return s; }
        void clear(char* p, unsigned long n) { __builtin_memset(p, 0, n); }
        double fp(double a, float b) { return a * b + 1.5; }
    )");
    for (const char* opt : {"-O0", "-O2", "-Os"}) {
        Result s = runShell("cd " + dir_.dir() + " && " + zcc() + " " + opt + " -S c.c -o c.s");
        ASSERT_EQ(s.status, 0) << s.err;
        Result a = runShell("cd " + dir_.dir() + " && " + zvmAs() + " -o c.o c.s");
        ASSERT_EQ(a.status, 0) << a.err;
        auto insns = disassemble(dir_.path("c.o"));
        EXPECT_GT(insns.size(), 50u);
        for (const std::string& v : checkInvariants(insns))
            ADD_FAILURE() << opt << ": " << v;
    }
}

} // namespace
} // namespace zvm::test

namespace zvm::test {
namespace {

// The checker itself: code assembled by the stock assembler breaks the invariants.
TEST(InvariantChecker, CatchesUnrewrittenCode) {
    ScratchDir dir;
    dir.write("n.s", "\t.text\nf:\n\tmovq (%rdi), %rax\n\tcall f\n\tcall *%rax\n\tret\n"
                     "\tmovq %fs:0, %rax\n\tsyscall\n\tsubq $8, %rsp\n");
    Result r = runShell("clang-19 -c -o " + dir.path("n.o") + " " + dir.path("n.s"));
    ASSERT_EQ(r.status, 0) << r.err;
    auto violations = checkInvariants(disassemble(dir.path("n.o")));
    EXPECT_GE(violations.size(), 7u);
    for (const char* what : {"without 0x67", "bundle end", "not masked", "ret instruction", "%fs",
                             "system call", "writes %rsp"}) {
        bool found = false;
        for (const std::string& v : violations)
            found |= v.find(what) != std::string::npos;
        EXPECT_TRUE(found) << what;
    }
}

} // namespace
} // namespace zvm::test
