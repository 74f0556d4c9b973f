#include "runtime/binfmt.h"

#include "syscalls/abi.h"

#include <cstddef>
#include <cstring>
#include <elf.h>

namespace zvm::runtime {
namespace {

static_assert(sizeof(Elf64_Ehdr) == 64);
static_assert(kNexeMagicSize == sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_vaddr) + 8);

// Sets the field at `offset` to `value` (little-endian, `size` bytes) and marks it.
void set_field(NexeMagic& m, size_t offset, uint64_t value, size_t size) {
    for (size_t i = 0; i < size; ++i) {
        m.magic[offset + i] = static_cast<uint8_t>(value >> (8 * i));
        m.mask[offset + i] = 0xff;
    }
}

} // namespace

NexeMagic nexe_magic() {
    NexeMagic m;
    const uint8_t ident[] = {ELFMAG0,    ELFMAG1,     ELFMAG2,    ELFMAG3,
                             ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV};
    for (size_t i = 0; i < sizeof ident; ++i)
        set_field(m, i, ident[i], 1);
    set_field(m, offsetof(Elf64_Ehdr, e_type), ET_EXEC, 2);
    set_field(m, offsetof(Elf64_Ehdr, e_machine), EM_X86_64, 2);
    set_field(m, offsetof(Elf64_Ehdr, e_phoff), sizeof(Elf64_Ehdr), 8);
    constexpr size_t ph = sizeof(Elf64_Ehdr);
    set_field(m, ph + offsetof(Elf64_Phdr, p_type), PT_LOAD, 4);
    set_field(m, ph + offsetof(Elf64_Phdr, p_flags), PF_R | PF_X, 4);
    set_field(m, ph + offsetof(Elf64_Phdr, p_vaddr), ZVM_TEXT_START, 8);
    return m;
}

bool matches_nexe_magic(std::span<const uint8_t> file) {
    if (file.size() < kNexeMagicSize) return false;
    const NexeMagic m = nexe_magic();
    for (size_t i = 0; i < kNexeMagicSize; ++i)
        if ((file[i] & m.mask[i]) != m.magic[i]) return false;
    return true;
}

std::string binfmt_register_line(const std::string& name, const std::string& interpreter,
                                 const std::string& flags) {
    const NexeMagic m = nexe_magic();
    auto escaped = [](const std::array<uint8_t, kNexeMagicSize>& bytes) {
        static const char kHex[] = "0123456789abcdef";
        std::string s;
        for (const uint8_t b : bytes) {
            s += "\\x";
            s += kHex[b >> 4];
            s += kHex[b & 15];
        }
        return s;
    };
    return ":" + name + ":M:0:" + escaped(m.magic) + ":" + escaped(m.mask) + ":" + interpreter +
           ":" + flags;
}

} // namespace zvm::runtime
