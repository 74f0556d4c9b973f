// Reading a nexe: the ELF64 header and program headers, the ELF rules (R10), then
// the code rules on the one executable segment.
#include "validator/nexe.h"

#include "syscalls/abi.h"
#include "validator/driver.h"

#include <cstdio>
#include <cstring>
#include <elf.h>

namespace zvm::validator {

namespace {

std::string hex(uint64_t v) {
    char buf[24];
    snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

const char* type_name(uint32_t t) {
    switch (t) {
    case PT_LOAD:
        return "PT_LOAD";
    case PT_DYNAMIC:
        return "PT_DYNAMIC";
    case PT_INTERP:
        return "PT_INTERP";
    default:
        return "";
    }
}

constexpr uint64_t kPage = 4096;

class Reader {
  public:
    Reader(std::span<const uint8_t> file, const Options& options, bool validate)
        : file_(file), options_(options), validate_(validate) {}

    NexeResult run() {
        if (!read_header() || !read_program_headers()) return std::move(out_);
        check_segments();
        if (validate_ && text_index_ >= 0) validate_text();
        if (!validate_ && text_index_ >= 0) { // cached: the text is not decoded
            out_.nexe.text_vaddr = phdrs_[text_index_].p_vaddr;
            out_.nexe.text_size = phdrs_[text_index_].p_filesz;
        }
        if (options_.max_errors && out_.result.violations.size() > options_.max_errors)
            out_.result.violations.resize(options_.max_errors);
        return std::move(out_);
    }

  private:
    bool format_error(std::string message) {
        out_.format_error = std::move(message);
        return false;
    }

    void violation(std::string message) {
        Violation v;
        v.rule = Rule::Elf;
        v.message = std::move(message);
        out_.result.violations.push_back(std::move(v));
    }

    bool read_header() {
        if (file_.size() < sizeof(Elf64_Ehdr))
            return format_error("file too short for an ELF64 header (" +
                                std::to_string(file_.size()) + " bytes, need 64)");
        std::memcpy(&eh_, file_.data(), sizeof eh_);
        if (std::memcmp(eh_.e_ident, ELFMAG, SELFMAG) != 0)
            return format_error("bad ELF magic at offset 0: not an ELF file");
        if (eh_.e_ident[EI_CLASS] != ELFCLASS64)
            return format_error("e_ident[EI_CLASS] (offset 4) is not ELFCLASS64");
        if (eh_.e_ident[EI_DATA] != ELFDATA2LSB)
            return format_error("e_ident[EI_DATA] (offset 5) is not little-endian");
        if (eh_.e_machine != EM_X86_64)
            return format_error("e_machine (offset 18) is " + std::to_string(eh_.e_machine) +
                                ", not EM_X86_64");
        if (eh_.e_phentsize != sizeof(Elf64_Phdr))
            return format_error("e_phentsize (offset 54) is " + std::to_string(eh_.e_phentsize) +
                                ", not 56");
        if (eh_.e_phnum == 0) return format_error("no program headers (e_phnum is 0)");
        const uint64_t table = uint64_t{eh_.e_phnum} * sizeof(Elf64_Phdr);
        if (eh_.e_phoff > file_.size() || table > file_.size() - eh_.e_phoff)
            return format_error("program header table at offset " + hex(eh_.e_phoff) + " (" +
                                std::to_string(eh_.e_phnum) + " entries) lies outside the file");
        Nexe& n = out_.nexe;
        n.entry = eh_.e_entry;
        n.phoff = eh_.e_phoff;
        n.phentsize = eh_.e_phentsize;
        n.phnum = eh_.e_phnum;
        if (eh_.e_type != ET_EXEC)
            violation(std::string("not a static executable: e_type is ") +
                      (eh_.e_type == ET_DYN ? "ET_DYN" : std::to_string(eh_.e_type)) +
                      ", must be ET_EXEC");
        return true;
    }

    bool read_program_headers() {
        phdrs_.resize(eh_.e_phnum);
        std::memcpy(phdrs_.data(), file_.data() + eh_.e_phoff, phdrs_.size() * sizeof(Elf64_Phdr));
        return true;
    }

    std::string where(size_t i) const {
        const char* t = type_name(phdrs_[i].p_type);
        return "program header " + std::to_string(i) + (*t ? std::string(" (") + t + ")" : "");
    }

    void check_segments() {
        int executable = 0;
        for (size_t i = 0; i < phdrs_.size(); ++i) {
            const Elf64_Phdr& p = phdrs_[i];
            if (p.p_type == PT_INTERP) violation(where(i) + ": a nexe has no interpreter");
            if (p.p_type == PT_DYNAMIC) violation(where(i) + ": a nexe is not dynamically linked");
            if (p.p_type != PT_LOAD) continue;
            Segment s{p.p_vaddr, p.p_memsz, p.p_filesz, p.p_offset, p.p_flags};
            out_.nexe.segments.push_back(s);
            const std::string at = where(i) + " [" + hex(p.p_vaddr) + ", +" + hex(p.p_memsz) + ")";
            if (p.p_vaddr < ZVM_TEXT_START || p.p_memsz > ZVM_STACK_TOP ||
                p.p_vaddr > ZVM_STACK_TOP - p.p_memsz)
                violation(at + ": outside [" + hex(ZVM_TEXT_START) + ", " + hex(ZVM_STACK_TOP) +
                          ")");
            if (p.p_filesz > p.p_memsz) violation(at + ": p_filesz is larger than p_memsz");
            if (p.p_offset > file_.size() || p.p_filesz > file_.size() - p.p_offset)
                violation(at + ": file range [" + hex(p.p_offset) + ", +" + hex(p.p_filesz) +
                          ") lies outside the file");
            if ((p.p_flags & PF_W) && (p.p_flags & PF_X))
                violation(at + ": segment is both writable and executable");
            if (!(p.p_flags & PF_X)) continue;
            if (++executable > 1) {
                violation(at + ": more than one executable segment");
                continue;
            }
            text_index_ = static_cast<int>(i);
            if (p.p_vaddr % ZVM_BUNDLE_SIZE != 0)
                violation(at + ": text address is not 32-byte aligned");
            if (p.p_filesz % ZVM_BUNDLE_SIZE != 0)
                violation(at + ": text size " + hex(p.p_filesz) + " is not a multiple of 32");
            if (p.p_memsz != p.p_filesz) violation(at + ": text p_memsz differs from p_filesz");
        }
        if (executable == 0) violation("no executable PT_LOAD segment");
        check_text_pages();
    }

    // No other segment may share a page with the text: the runtime maps whole pages,
    // and a shared page would be executable and unvalidated, or writable text.
    void check_text_pages() {
        if (text_index_ < 0) return;
        const Elf64_Phdr& t = phdrs_[text_index_];
        if (t.p_memsz > ZVM_STACK_TOP || t.p_vaddr > ZVM_STACK_TOP - t.p_memsz) return;
        const uint64_t t0 = t.p_vaddr / kPage, t1 = (t.p_vaddr + t.p_memsz + kPage - 1) / kPage;
        for (size_t i = 0; i < phdrs_.size(); ++i) {
            const Elf64_Phdr& p = phdrs_[i];
            if (static_cast<int>(i) == text_index_ || p.p_type != PT_LOAD || p.p_memsz == 0)
                continue;
            if (p.p_memsz > ZVM_STACK_TOP || p.p_vaddr > ZVM_STACK_TOP - p.p_memsz) continue;
            const uint64_t p0 = p.p_vaddr / kPage, p1 = (p.p_vaddr + p.p_memsz + kPage - 1) / kPage;
            if (p0 < t1 && t0 < p1)
                violation(where(i) + " [" + hex(p.p_vaddr) + ", +" + hex(p.p_memsz) +
                          "): shares a page with the executable segment");
        }
    }

    void validate_text() {
        const Elf64_Phdr& t = phdrs_[text_index_];
        Nexe& n = out_.nexe;
        n.text_vaddr = t.p_vaddr;
        n.text_size = t.p_filesz;
        if (t.p_offset > file_.size() || t.p_filesz > file_.size() - t.p_offset) return;
        Options o = options_;
        const size_t already = out_.result.violations.size();
        if (o.max_errors) {
            if (already >= o.max_errors) return;
            o.max_errors -= already;
        }
        Result code = validate_code_with_entry(file_.subspan(t.p_offset, t.p_filesz), t.p_vaddr, o,
                                               eh_.e_entry);
        out_.result.bytes_checked = code.bytes_checked;
        out_.result.isa = code.isa;
        for (Violation& v : code.violations)
            out_.result.violations.push_back(std::move(v));
    }

    std::span<const uint8_t> file_;
    Options options_;
    NexeResult out_;
    Elf64_Ehdr eh_{};
    std::vector<Elf64_Phdr> phdrs_;
    int text_index_ = -1;
    bool validate_ = true;
};

} // namespace

NexeResult read_nexe(std::span<const uint8_t> file, const Options& options, bool validate_text) {
    return Reader(file, options, validate_text).run();
}

NexeResult validate_nexe(std::span<const uint8_t> file, const Options& options) {
    return read_nexe(file, options, true);
}

} // namespace zvm::validator
