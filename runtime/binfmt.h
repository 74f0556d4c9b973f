// How the kernel recognises a nexe (docs/toolchain.md, "How the kernel tells a nexe"):
// a binfmt_misc magic with a mask over the file's first bytes, built from the same
// constants as the nexe linker script (toolchain/sysroot/zvm.ld.in, from syscalls/abi.h):
//
//   ELF64, little-endian, EI_VERSION 1, OSABI 0 (System V), e_type ET_EXEC, e_machine
//   EM_X86_64, e_phoff 64 (the program headers right after the ELF header), and the first
//   program header a PT_LOAD with flags exactly R+X at p_vaddr ZVM_TEXT_START.
//
// Every nexe zcc links has this shape (its PHDRS list the text segment first); native
// programs do not: a PIE or dynamically linked one is ET_DYN or starts with PT_PHDR, a
// static non-PIE one loads its first segment elsewhere (0x400000 by default) and read-only.
// The rule recognises; it proves nothing: zvm validates every nexe before it runs it.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace zvm::runtime {

// The bytes the rule looks at: the ELF header and the first program header up to and
// including p_vaddr.
inline constexpr size_t kNexeMagicSize = 64 + 24; // sizeof(Elf64_Ehdr) + offsetof p_vaddr + 8

struct NexeMagic {
    std::array<uint8_t, kNexeMagicSize> magic{};
    std::array<uint8_t, kNexeMagicSize> mask{}; // 0xff: the byte must equal magic's; 0: ignored
};

NexeMagic nexe_magic();

// Whether `file` (its first bytes suffice) matches the rule, as the kernel would decide.
bool matches_nexe_magic(std::span<const uint8_t> file);

// The line written to /proc/sys/fs/binfmt_misc/register:
// ":NAME:M:0:MAGIC:MASK:INTERPRETER:FLAGS" with the magic and mask as \xNN escapes.
std::string binfmt_register_line(const std::string& name, const std::string& interpreter,
                                 const std::string& flags);

} // namespace zvm::runtime
