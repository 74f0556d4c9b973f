#include "runtime/loader.h"

#include "runtime/cpu_features.h"
#include "runtime/text.h"
#include "runtime/trampoline.h"
#include "syscalls/abi.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

constexpr uint8_t kHlt = 0xF4;

std::string range_text(uint64_t start, uint64_t end) {
    return strprintf("[%#" PRIx64 ", %#" PRIx64 ")", start, end);
}

// Sandbox memory written by the loader before the sandbox runs. Sound: the loader maps
// every range it writes (RW) right before, and the sandbox is at address zero of this
// process, so a sandbox address is the host address of the same byte.
uint8_t* at(uint64_t sandbox_addr) {
    return reinterpret_cast<uint8_t*>(sandbox_addr);
}

uint8_t segment_prot(uint32_t flags) {
    uint8_t prot = kProtRead; // x86 cannot map write- or execute-only anyway
    if (flags & PF_W) prot |= kProtWrite;
    if (flags & PF_X) prot |= kProtExec;
    return prot;
}

bool load_segment(Instance& instance, std::span<const uint8_t> file, const validator::Segment& seg,
                  std::string* error) {
    if (seg.filesz > seg.memsz || seg.offset > file.size() ||
        seg.filesz > file.size() - seg.offset) {
        *error = strprintf("segment at %#" PRIx64 " lies outside the file", seg.vaddr);
        return false;
    }
    const uint64_t start = page_floor(seg.vaddr);
    const uint64_t end = page_ceil(seg.vaddr + seg.memsz);
    const auto bytes = file.subspan(seg.offset, seg.filesz);
    if (seg.flags & PF_X) {
        // Bytes of an executable page that the validator did not see are hlt, so they
        // can only stop the program, never run unvalidated code.
        return instance.memory->map_code(start, end - start, seg.vaddr - start, bytes, kHlt, error);
    }
    if (!instance.memory->map(start, end - start, kProtRead | kProtWrite, true, error))
        return false;
    std::memcpy(at(seg.vaddr), bytes.data(), bytes.size());
    // Fresh anonymous memory: the bss is already zero.
    const uint8_t prot = segment_prot(seg.flags);
    return prot == (kProtRead | kProtWrite) ||
           instance.memory->protect(start, end - start, prot, error);
}

// Trampoline region [0x10000, 0x1F000): entry 0 jumps to the host trampoline (through the
// host thread's TLS: runtime/trampoline.h), every other byte is hlt. Mapped read +
// execute, never writable.
bool write_trampolines(Instance& instance, std::string* error) {
    const std::span<const uint8_t> entry0(
        zvm_trampoline_entry0,
        static_cast<size_t>(zvm_trampoline_entry0_end - zvm_trampoline_entry0));
    return instance.memory->map_code(ZVM_TRAMPOLINE_BASE, ZVM_TRAMPOLINE_END - ZVM_TRAMPOLINE_BASE,
                                     ZVM_TRAMPOLINE_SYSCALL - ZVM_TRAMPOLINE_BASE, entry0, kHlt,
                                     error);
}

// The thread-pointer page: zero, readable by the sandbox, written only by the runtime
// (through SandboxMemory::runtime_view).
bool write_tp_page(Instance& instance, std::string* error) {
    static_assert(ZVM_TEXT_START - ZVM_TP_SLOT == kPageSize);
    return instance.memory->map_tp_page(error);
}

// Builds the Linux initial stack in sandbox memory (which the caller mapped):
//   argc, argv[0..argc), NULL, envp..., NULL, auxv pairs, AT_NULL
// with strings, the 16 random bytes and a copy of the program headers above it.
class StackBuilder {
  public:
    explicit StackBuilder(uint64_t top) : sp_(top) {}

    uint64_t push(const void* data, size_t len, size_t align) {
        sp_ = (sp_ - len) & ~(static_cast<uint64_t>(align) - 1);
        std::memcpy(at(sp_), data, len);
        return sp_;
    }
    uint64_t push_string(const std::string& s) { return push(s.c_str(), s.size() + 1, 1); }

    // Writes `words` so that the first lands at a 16-byte aligned address; returns it.
    uint64_t push_words(const std::vector<uint64_t>& words) {
        sp_ = (sp_ - words.size() * 8) & ~uint64_t{15};
        std::memcpy(at(sp_), words.data(), words.size() * 8);
        return sp_;
    }
    uint64_t sp() const { return sp_; }

  private:
    uint64_t sp_;
};

std::optional<uint64_t> build_stack(Instance& instance, std::span<const uint8_t> file,
                                    const validator::Nexe& nexe, const LoadOptions& options,
                                    uint64_t stack_bottom, std::string* error) {
    const uint64_t phdrs_size = uint64_t{nexe.phentsize} * nexe.phnum;
    if (nexe.phentsize != sizeof(Elf64_Phdr) || nexe.phoff > file.size() ||
        phdrs_size > file.size() - nexe.phoff) {
        *error = "the program header table lies outside the file";
        return std::nullopt;
    }
    size_t strings = 64 + phdrs_size;
    for (const auto& s : options.argv)
        strings += s.size() + 1;
    for (const auto& s : options.envp)
        strings += s.size() + 1;
    const size_t words = 3 + options.argv.size() + options.envp.size() + 2 * 16;
    if (strings + words * 8 + 64 > ZVM_STACK_TOP - stack_bottom) {
        *error = "the arguments do not fit the stack";
        return std::nullopt;
    }

    StackBuilder stack(ZVM_STACK_TOP);
    unsigned char random_bytes[16];
    instance.random.fill(random_bytes, sizeof random_bytes);
    const uint64_t at_random = stack.push(random_bytes, sizeof random_bytes, 16);
    const uint64_t at_platform = stack.push_string("x86_64");

    // A copy of the program headers for AT_PHDR (musl finds PT_TLS through it). A
    // PT_PHDR entry would make the C library compute a load bias from the copy's
    // address, so it is pointed at the copy: the bias stays zero.
    const uint64_t phdr = stack.push(file.data() + nexe.phoff, phdrs_size, 8);
    for (uint16_t i = 0; i < nexe.phnum; ++i) {
        Elf64_Phdr ph;
        std::memcpy(&ph, at(phdr + i * sizeof ph), sizeof ph);
        if (ph.p_type != PT_PHDR) continue;
        ph.p_vaddr = ph.p_paddr = phdr;
        std::memcpy(at(phdr + i * sizeof ph), &ph, sizeof ph);
    }

    std::vector<uint64_t> envp;
    for (auto it = options.envp.rbegin(); it != options.envp.rend(); ++it)
        envp.insert(envp.begin(), stack.push_string(*it));
    std::vector<uint64_t> argv;
    for (auto it = options.argv.rbegin(); it != options.argv.rend(); ++it)
        argv.insert(argv.begin(), stack.push_string(*it));

    std::vector<uint64_t> v;
    v.push_back(argv.size());
    v.insert(v.end(), argv.begin(), argv.end());
    v.push_back(0);
    v.insert(v.end(), envp.begin(), envp.end());
    v.push_back(0);
    const uint64_t auxv[][2] = {
        {AT_PHDR, phdr},
        {AT_PHENT, sizeof(Elf64_Phdr)},
        {AT_PHNUM, nexe.phnum},
        {AT_PAGESZ, kPageSize},
        {AT_ENTRY, nexe.entry},
        {AT_RANDOM, at_random},
        {AT_HWCAP, host_hwcap()},
        {AT_PLATFORM, at_platform},
        {AT_CLKTCK, 100},
        {AT_UID, 0},
        {AT_EUID, 0},
        {AT_GID, 0},
        {AT_EGID, 0},
        {AT_SECURE, 0},
        {AT_NULL, 0},
    };
    for (const auto& pair : auxv) {
        v.push_back(pair[0]);
        v.push_back(pair[1]);
    }
    return stack.push_words(v);
}

} // namespace

std::optional<std::vector<uint8_t>> read_file(const std::string& path, std::string* error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = std::strerror(errno);
        return std::nullopt;
    }
    std::vector<uint8_t> bytes;
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        *error = std::strerror(EISDIR);
        ::close(fd);
        return std::nullopt;
    }
    if (st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size));
    unsigned char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            *error = std::strerror(errno);
            ::close(fd);
            return std::nullopt;
        }
        bytes.insert(bytes.end(), buf, buf + n);
    }
    ::close(fd);
    return bytes;
}

std::optional<StartState> load_nexe(Instance& instance, std::span<const uint8_t> file,
                                    const validator::Nexe& nexe, const LoadOptions& options,
                                    std::string* error) {
    const uint64_t stack_bottom = ZVM_STACK_TOP - page_ceil(options.stack_size);
    // Segments: inside [text start, stack bottom), on pages of their own.
    std::vector<std::pair<uint64_t, uint64_t>> taken;
    for (const auto& seg : nexe.segments) {
        if (seg.memsz == 0) continue;
        const uint64_t start = page_floor(seg.vaddr);
        const uint64_t end = page_ceil(seg.vaddr + seg.memsz);
        if (seg.vaddr < ZVM_TEXT_START || seg.vaddr + seg.memsz < seg.vaddr || end > stack_bottom) {
            *error = "segment " + range_text(seg.vaddr, seg.vaddr + seg.memsz) + " lies outside " +
                     range_text(ZVM_TEXT_START, stack_bottom);
            return std::nullopt;
        }
        for (const auto& [s, e] : taken) {
            if (start < e && s < end) {
                *error = "segments share a page at " +
                         range_text(std::max<uint64_t>(s, start), std::min<uint64_t>(e, end));
                return std::nullopt;
            }
        }
        taken.emplace_back(start, end);
    }
    // The memory limit holds for the plan, before anything is mapped: segments are
    // mapped pre-faulted, so a nexe with a huge bss would otherwise take that much host
    // memory before a later check refused it.
    uint64_t need = (ZVM_TEXT_START - ZVM_TRAMPOLINE_BASE) + (ZVM_STACK_TOP - stack_bottom);
    for (const auto& [s, e] : taken)
        need += e - s;
    if (need > instance.memory_limit) {
        *error = strprintf("the image and stack need %" PRIu64
                           " bytes, more than the memory limit of %" PRIu64,
                           need, instance.memory_limit);
        return std::nullopt;
    }
    for (const auto& seg : nexe.segments) {
        if (seg.memsz == 0) continue;
        if (!load_segment(instance, file, seg, error)) return std::nullopt;
    }
    if (!write_trampolines(instance, error) || !write_tp_page(instance, error)) return std::nullopt;

    const uint64_t prefault = std::min<uint64_t>(kStackPrefault, ZVM_STACK_TOP - stack_bottom);
    if (ZVM_STACK_TOP - prefault > stack_bottom &&
        !instance.memory->map(stack_bottom, ZVM_STACK_TOP - prefault - stack_bottom,
                              kProtRead | kProtWrite, false, error))
        return std::nullopt;
    if (!instance.memory->map(ZVM_STACK_TOP - prefault, prefault, kProtRead | kProtWrite, true,
                              error))
        return std::nullopt;
    // The heap starts after the image; mmap allocates top-down below a guard gap under
    // the stack.
    uint64_t image_end = ZVM_TEXT_START;
    for (const auto& [s, e] : taken)
        image_end = std::max(image_end, e);
    instance.brk_start = instance.brk = image_end;
    instance.mmap_top = stack_bottom - kStackGuard;
    instance.stack_size = ZVM_STACK_TOP - stack_bottom;

    const auto sp = build_stack(instance, file, nexe, options, stack_bottom, error);
    if (!sp) return std::nullopt;
    return StartState{nexe.entry, *sp};
}

std::optional<uint64_t> rewrite_initial_stack(Instance& instance, std::span<const uint8_t> file,
                                              const validator::Nexe& nexe,
                                              const LoadOptions& options, std::string* error) {
    return build_stack(instance, file, nexe, options, ZVM_STACK_TOP - instance.stack_size, error);
}

} // namespace zvm::runtime
