// R10 and format errors: nexes built at test time, some patched byte by byte.
#include "testutil.h"
#include "validator/nexe.h"

#include <gtest/gtest.h>

#include <cstring>
#include <elf.h>
#include <fstream>
#include <set>

namespace zvm::validator {
namespace {

const char* const kGood = R"(
	.bundle_align_mode 5
	.text
	.globl _start
_start:
	movl $1, %eax
	popq %r11
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	.data
value:
	.quad 42
)";

std::vector<uint8_t> good_nexe(const std::string& ldscript = ZVM_TEST_LDSCRIPT,
                               const std::string& flags = "") {
    std::string error;
    auto n = test::build_nexe(kGood, &error, ldscript, flags);
    EXPECT_TRUE(n) << error;
    return n ? *n : std::vector<uint8_t>{};
}

std::string write_script(const std::string& name, const std::string& text) {
    const auto path = test::scratch_dir() / name;
    std::ofstream(path) << text;
    return path.string();
}

Elf64_Ehdr* ehdr(std::vector<uint8_t>& f) {
    return reinterpret_cast<Elf64_Ehdr*>(f.data());
}
Elf64_Phdr* phdr(std::vector<uint8_t>& f, size_t i) {
    return reinterpret_cast<Elf64_Phdr*>(f.data() + ehdr(f)->e_phoff) + i;
}
// Index of the first program header with `flags` set (PF_X: the text).
size_t find_phdr(std::vector<uint8_t>& f, uint32_t type, uint32_t flags) {
    for (size_t i = 0; i < ehdr(f)->e_phnum; ++i)
        if (phdr(f, i)->p_type == type && (phdr(f, i)->p_flags & flags) == flags) return i;
    ADD_FAILURE() << "no such program header";
    return 0;
}

// The file must be rejected with R10 (and only R10).
void expect_elf_reject(const std::vector<uint8_t>& f, const std::string& what) {
    const NexeResult r = validate_nexe(f);
    ASSERT_FALSE(r.format_error) << what << ": " << *r.format_error;
    EXPECT_FALSE(r.valid()) << what;
    std::set<Rule> rules;
    std::string msgs;
    for (const Violation& v : r.result.violations) {
        rules.insert(v.rule);
        msgs += v.message + "\n";
    }
    EXPECT_EQ(rules, std::set<Rule>{Rule::Elf}) << what << "\n" << msgs;
}

void expect_format_error(const std::vector<uint8_t>& f, const std::string& what) {
    const NexeResult r = validate_nexe(f);
    EXPECT_TRUE(r.format_error) << what;
    EXPECT_FALSE(r.valid()) << what;
}

TEST(Elf, GoodNexe) {
    auto f = good_nexe();
    const NexeResult r = validate_nexe(f);
    ASSERT_FALSE(r.format_error) << *r.format_error;
    for (const Violation& v : r.result.violations)
        ADD_FAILURE() << v.message;
    EXPECT_TRUE(r.valid());
    EXPECT_EQ(r.nexe.entry, 0x20000u);
    EXPECT_EQ(r.nexe.text_vaddr, 0x20000u);
    EXPECT_EQ(r.nexe.text_size, 32u);
    EXPECT_EQ(r.result.bytes_checked, 32u);
    ASSERT_EQ(r.nexe.segments.size(), 2u);
    EXPECT_EQ(r.nexe.segments[1].vaddr, 0x21000u);
    EXPECT_EQ(r.nexe.segments[1].flags, static_cast<uint32_t>(PF_R | PF_W));
    EXPECT_EQ(r.nexe.phnum, 2);
    EXPECT_EQ(r.nexe.phentsize, sizeof(Elf64_Phdr));
}

TEST(Elf, WritableAndExecutable) {
    auto f = good_nexe();
    phdr(f, find_phdr(f, PT_LOAD, PF_X))->p_flags = PF_R | PF_W | PF_X;
    expect_elf_reject(f, "W+X text");
    auto g = good_nexe();
    phdr(g, find_phdr(g, PT_LOAD, PF_W))->p_flags |= PF_X;
    expect_elf_reject(g, "W+X data (and a second executable segment)");
}

TEST(Elf, SegmentAbove4GiB) {
    const std::string script = write_script("high.ld", R"(
ENTRY(_start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); }
SECTIONS {
  . = 0x20000;
  .text : { *(.text) . = ALIGN(32); } :text =0xf4f4f4f4
  . = 0x100000000;
  .data : { *(.data) } :data
  /DISCARD/ : { *(.note*) *(.comment) }
})");
    expect_elf_reject(good_nexe(script), "data at 4 GiB");
    auto f = good_nexe();
    phdr(f, find_phdr(f, PT_LOAD, PF_W))->p_vaddr = 0xFFFF0000; // the guard below 4 GiB
    expect_elf_reject(f, "data at ZVM_STACK_TOP");
    auto g = good_nexe();
    Elf64_Phdr* d = phdr(g, find_phdr(g, PT_LOAD, PF_W));
    d->p_vaddr = 0xFFFFFFFFFFFFF000ULL; // vaddr + memsz overflows
    d->p_memsz = 0x2000;
    expect_elf_reject(g, "vaddr + memsz overflow");
    auto h = good_nexe();
    phdr(h, find_phdr(h, PT_LOAD, PF_W))->p_memsz = 0x100000000ULL;
    expect_elf_reject(h, "memsz 4 GiB");
}

TEST(Elf, SegmentBelowText) {
    auto f = good_nexe();
    phdr(f, find_phdr(f, PT_LOAD, PF_W))->p_vaddr = 0x1F000; // the thread-pointer page
    expect_elf_reject(f, "data in the trampoline region");
}

TEST(Elf, DynamicElf) {
    // A real position-independent executable: ET_DYN with PT_DYNAMIC.
    const std::string script = write_script("pie.ld", R"(
ENTRY(_start)
SECTIONS {
  . = 0x20000;
  .text : { *(.text) . = ALIGN(32); } =0xf4f4f4f4
  . = ALIGN(0x1000);
  .data : { *(.data) }
  .dynamic : { *(.dynamic) }
  /DISCARD/ : { *(.note*) *(.comment) }
})");
    auto f = good_nexe(script, "-pie");
    ASSERT_EQ(ehdr(f)->e_type, ET_DYN);
    expect_elf_reject(f, "PIE");
    auto g = good_nexe();
    ehdr(g)->e_type = ET_DYN;
    expect_elf_reject(g, "ET_DYN");
    auto h = good_nexe();
    phdr(h, find_phdr(h, PT_LOAD, PF_W))->p_type = PT_INTERP;
    expect_elf_reject(h, "PT_INTERP");
    auto k = good_nexe();
    phdr(k, find_phdr(k, PT_LOAD, PF_W))->p_type = PT_DYNAMIC;
    expect_elf_reject(k, "PT_DYNAMIC");
}

TEST(Elf, EntryPoint) {
    auto f = good_nexe();
    ehdr(f)->e_entry = 0x21000;
    expect_elf_reject(f, "entry in data");
    auto g = good_nexe();
    ehdr(g)->e_entry = 0x20001;
    expect_elf_reject(g, "entry inside an instruction");
    auto h = good_nexe();
    ehdr(h)->e_entry = 0x20005 + 2 + 4; // the jmp of the return sequence
    expect_elf_reject(h, "entry inside a locked sequence");
    auto k = good_nexe();
    ehdr(k)->e_entry = 0x20005 + 2; // the andl that starts the locked pair: fine
    EXPECT_TRUE(validate_nexe(k).valid());
}

TEST(Elf, TextShape) {
    auto f = good_nexe();
    Elf64_Phdr* t = phdr(f, find_phdr(f, PT_LOAD, PF_X));
    t->p_memsz += 32;
    expect_elf_reject(f, "text memsz != filesz");
    auto g = good_nexe();
    phdr(g, find_phdr(g, PT_LOAD, PF_X))->p_filesz = 16;
    phdr(g, find_phdr(g, PT_LOAD, PF_X))->p_memsz = 16;
    EXPECT_FALSE(validate_nexe(g).valid()) << "text size not a multiple of 32";
    auto h = good_nexe();
    phdr(h, find_phdr(h, PT_LOAD, PF_X))->p_flags = PF_R;
    expect_elf_reject(h, "no executable segment");
    auto k = good_nexe();
    phdr(k, find_phdr(k, PT_LOAD, PF_W))->p_flags = PF_R | PF_X;
    expect_elf_reject(k, "two executable segments");
}

TEST(Elf, TextSharesAPage) {
    const std::string script = write_script("shared.ld", R"(
ENTRY(_start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); }
SECTIONS {
  . = 0x20000;
  .text : { *(.text) . = ALIGN(32); } :text =0xf4f4f4f4
  .data : { *(.data) } :data
  /DISCARD/ : { *(.note*) *(.comment) }
})");
    expect_elf_reject(good_nexe(script), "data on the text's page");
}

TEST(Elf, FileRanges) {
    auto f = good_nexe();
    phdr(f, find_phdr(f, PT_LOAD, PF_W))->p_offset = 0xFFFFFFFFFFFFFFF0ULL;
    expect_elf_reject(f, "segment offset past the end (overflow)");
    auto g = good_nexe();
    Elf64_Phdr* d = phdr(g, find_phdr(g, PT_LOAD, PF_W));
    d->p_filesz = d->p_memsz + 1;
    expect_elf_reject(g, "filesz > memsz");
    auto h = good_nexe();
    phdr(h, find_phdr(h, PT_LOAD, PF_X))->p_offset = h.size() - 16;
    expect_elf_reject(h, "text file range past the end");
}

TEST(Elf, FormatErrors) {
    const auto good = good_nexe();
    expect_format_error({}, "empty");
    expect_format_error(std::vector<uint8_t>(good.begin(), good.begin() + 63), "short header");
    auto f = good;
    f[0] = 0x7E;
    expect_format_error(f, "magic");
    f = good;
    f[EI_CLASS] = ELFCLASS32;
    expect_format_error(f, "ELF32");
    f = good;
    f[EI_DATA] = ELFDATA2MSB;
    expect_format_error(f, "big-endian");
    f = good;
    ehdr(f)->e_machine = EM_AARCH64;
    expect_format_error(f, "machine");
    f = good;
    ehdr(f)->e_phentsize = 32;
    expect_format_error(f, "phentsize");
    f = good;
    ehdr(f)->e_phoff = f.size() - 8;
    expect_format_error(f, "program headers past the end");
    f = good;
    ehdr(f)->e_phoff = 0xFFFFFFFFFFFFFFF0ULL;
    expect_format_error(f, "program header offset overflow");
    f = good;
    ehdr(f)->e_phnum = 0xFFFF;
    expect_format_error(f, "too many program headers");
    const NexeResult r = validate_nexe(std::vector<uint8_t>{'#', '!', '/', 'b'});
    ASSERT_TRUE(r.format_error);
    EXPECT_NE(r.format_error->find("too short"), std::string::npos) << *r.format_error;
}

TEST(Elf, CodeViolationsInsideNexe) {
    std::string error;
    auto n = test::build_nexe("\t.text\n\t.globl _start\n_start:\n\tsyscall\n", &error);
    ASSERT_TRUE(n) << error;
    const NexeResult r = validate_nexe(*n);
    ASSERT_FALSE(r.format_error);
    ASSERT_EQ(r.result.violations.size(), 1u);
    EXPECT_EQ(r.result.violations[0].rule, Rule::Forbidden);
    EXPECT_EQ(r.result.violations[0].address, 0x20000u);
}

} // namespace
} // namespace zvm::validator
