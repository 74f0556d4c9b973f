#include "runtime/sandbox_memory.h"

#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>
#include <vector>

namespace zvm::runtime {
namespace {

// Set while a SandboxMemory exists: the sandbox's addresses are per process.
bool g_reserved = false;

int host_prot(uint8_t prot) {
    int p = PROT_NONE;
    if (prot & kProtRead) p |= PROT_READ;
    if (prot & kProtWrite) p |= PROT_WRITE;
    if (prot & kProtExec) p |= PROT_EXEC;
    return p;
}

std::string errno_text() {
    return std::strerror(errno);
}

// Maps fresh zero pages over [addr, addr + len). MAP_FIXED replaces only pages of our own
// reservation (the callers checked the range lies in it), never a host mapping.
bool map_fresh(uint64_t addr, uint64_t len, uint8_t prot, bool populate, std::string* error) {
    const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | (populate ? MAP_POPULATE : 0);
    void* p = mmap(reinterpret_cast<void*>(addr), len, host_prot(prot), flags, -1, 0);
    if (p == MAP_FAILED) {
        *error = strprintf("cannot map sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", addr, len,
                           errno_text().c_str());
        return false;
    }
    return true;
}

// Drops the pages of [addr, addr + len) (private and anonymous: they read back as zero,
// swapped-out ones included).
bool drop_range(uint64_t addr, uint64_t len, std::string* error) {
    if (::madvise(reinterpret_cast<void*>(addr), len, MADV_DONTNEED) != 0) {
        *error = strprintf("cannot zero sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", addr,
                           len, errno_text().c_str());
        return false;
    }
    return true;
}

// Zeroes [addr, addr + len), writable in the host: resident pages with memset (they stay
// resident, so the next touch costs no page fault), the others dropped.
bool zero_range(uint64_t addr, uint64_t len, std::string* error) {
    const uint64_t n = len / kPageSize;
    std::vector<unsigned char> resident(n);
    if (::mincore(reinterpret_cast<void*>(addr), len, resident.data()) != 0) {
        *error = strprintf("mincore of sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", addr, len,
                           errno_text().c_str());
        return false;
    }
    for (uint64_t p = 0; p < n;) {
        const bool in = resident[p] & 1;
        uint64_t q = p + 1;
        while (q < n && ((resident[q] & 1) != 0) == in)
            ++q;
        const uint64_t at = addr + p * kPageSize;
        const uint64_t size = (q - p) * kPageSize;
        if (in)
            std::memset(reinterpret_cast<void*>(at), 0, size);
        else if (!drop_range(at, size, error))
            return false;
        p = q;
    }
    return true;
}

// Writes all of `parts` to `fd` from offset 0, going on after short writes.
bool pwritev_all(int fd, std::vector<iovec> parts) {
    off_t at = 0;
    size_t first = 0;
    while (first < parts.size()) {
        const int count = static_cast<int>(std::min<size_t>(parts.size() - first, IOV_MAX));
        const ssize_t n = pwritev(fd, &parts[first], count, at);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = EIO; // no progress: say so rather than leave an old errno
        if (n <= 0) return false;
        at += n;
        for (auto left = static_cast<size_t>(n); left > 0;) {
            const size_t step = std::min(left, parts[first].iov_len);
            parts[first].iov_base = static_cast<uint8_t*>(parts[first].iov_base) + step;
            parts[first].iov_len -= step;
            left -= step;
            if (parts[first].iov_len == 0) ++first;
        }
    }
    return true;
}

// A memfd of `len` bytes: `fill`, with `code` at `offset`; sealed against every change.
// Returns the descriptor, or -1 with *error set.
int sealed_code_file(uint64_t len, uint64_t offset, std::span<const uint8_t> code, uint8_t fill,
                     std::string* error) {
    const int fd = memfd_create("zvm-code", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        *error = "cannot create a file for the sandbox's code: " + errno_text();
        return -1;
    }
    uint8_t filler[kPageSize];
    std::memset(filler, fill, sizeof filler);
    std::vector<iovec> parts;
    auto add_fill = [&](uint64_t n) {
        for (; n > 0; n -= std::min<uint64_t>(n, kPageSize))
            parts.push_back({filler, std::min<uint64_t>(n, kPageSize)});
    };
    add_fill(offset);
    if (!code.empty()) parts.push_back({const_cast<uint8_t*>(code.data()), code.size()});
    add_fill(len - offset - code.size());
    constexpr int kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
    if (!pwritev_all(fd, std::move(parts)) || fcntl(fd, F_ADD_SEALS, kSeals) != 0) {
        *error = "cannot write the sandbox's code: " + errno_text();
        close(fd);
        return -1;
    }
    return fd;
}

} // namespace

std::unique_ptr<SandboxMemory> SandboxMemory::create(std::string* error) {
    if (g_reserved) {
        *error = "a sandbox already exists in this process (one sandbox per process)";
        return nullptr;
    }
    const uint64_t len = ZVM_RESERVE_END - ZVM_RESERVE_START;
    void* want = reinterpret_cast<void*>(ZVM_RESERVE_START);
    void* got = mmap(want, len, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
    if (got == MAP_FAILED || got != want) {
        const int err = errno;
        if (got != MAP_FAILED) munmap(got, len); // old kernel: the hint was not honoured
        *error = strprintf(
            "cannot reserve the sandbox's address range [%#" PRIx64 ", %#" PRIx64 "): %s",
            static_cast<uint64_t>(ZVM_RESERVE_START), static_cast<uint64_t>(ZVM_RESERVE_END),
            got == MAP_FAILED && err == EEXIST
                ? "something is already mapped there (is this process "
                  "built with AddressSanitizer, or not position independent?)"
                : std::strerror(err));
        return nullptr;
    }
    // Two bytes per sandbox page (2 MiB): the permission map, then the stale flags. From
    // mmap, so that untouched parts cost no page fault (a page fault costs ~10 µs here,
    // and a start-up touches a handful of these pages).
    void* table = mmap(nullptr, 2 * kPageCount, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (table == MAP_FAILED) {
        *error = "cannot allocate the sandbox page table: " + errno_text();
        munmap(want, len);
        return nullptr;
    }
    g_reserved = true;
    return std::unique_ptr<SandboxMemory>(new SandboxMemory(static_cast<uint8_t*>(table)));
}

SandboxMemory::~SandboxMemory() {
    if (tp_view_) munmap(tp_view_, kPageSize);
    munmap(reinterpret_cast<void*>(ZVM_RESERVE_START), ZVM_RESERVE_END - ZVM_RESERVE_START);
    munmap(pages_, 2 * kPageCount);
    g_reserved = false;
}

bool SandboxMemory::map_tp_page(std::string* error) {
    if (tp_view_) {
        *error = "the thread-pointer page is already mapped";
        return false;
    }
    const int fd = memfd_create("zvm-thread-pointer", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, kPageSize) != 0) {
        *error = "cannot create the thread-pointer page: " + errno_text();
        if (fd >= 0) close(fd);
        return false;
    }
    // The sandbox's view over our own reservation (MAP_FIXED replaces only that), and the
    // runtime's wherever the kernel puts it: above the reservation, which is mapped.
    void* sandbox = mmap(reinterpret_cast<void*>(ZVM_TP_SLOT), kPageSize, PROT_READ,
                         MAP_SHARED | MAP_FIXED, fd, 0);
    void* view = sandbox == MAP_FAILED
                     ? MAP_FAILED
                     : mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (view == MAP_FAILED) {
        *error = "cannot map the thread-pointer page: " + errno_text();
        close(fd);
        return false;
    }
    close(fd); // the mappings keep the page
    tp_view_ = static_cast<uint8_t*>(view);
    set_pages(ZVM_TP_SLOT, kPageSize, kProtRead | kMapped);
    return true;
}

uint8_t* SandboxMemory::runtime_view(uint64_t addr) const {
    return page_floor(addr) == ZVM_TP_SLOT ? tp_view_ : nullptr;
}

bool SandboxMemory::valid_range(uint64_t addr, uint64_t len, std::string* error) const {
    if (addr % kPageSize != 0 || len % kPageSize != 0 || len == 0 || addr < ZVM_RESERVE_START ||
        addr > ZVM_SANDBOX_SIZE || len > ZVM_SANDBOX_SIZE - addr) {
        *error = strprintf("bad sandbox range [%#" PRIx64 ", +%#" PRIx64 ")", addr, len);
        return false;
    }
    return true;
}

void SandboxMemory::set_pages(uint64_t addr, uint64_t len, uint8_t entry) {
    uint8_t* first = pages_ + addr / kPageSize;
    const uint64_t n = len / kPageSize;
    for (uint64_t i = 0; i < n; ++i) {
        if (first[i] & kMapped) --mapped_pages_;
        if (entry & kMapped) ++mapped_pages_;
    }
    std::memset(first, entry, n);
    mark_touched(addr, len);
}

void SandboxMemory::mark_touched(uint64_t addr, uint64_t len) {
    for (uint64_t c = addr / kChunkSize; c <= (addr + len - 1) / kChunkSize && len != 0; ++c)
        touched_.set(c);
}

bool SandboxMemory::map(uint64_t addr, uint64_t len, uint8_t prot, bool populate,
                        std::string* error) {
    if (!valid_range(addr, len, error)) return false;
    if ((prot & kProtWrite) && (prot & kProtExec)) {
        *error = "refusing a writable and executable mapping";
        return false;
    }
    if (stale_pages_ != 0) {
        if (!map_reusing(addr, len, prot, populate, error)) return false;
    } else if (!map_fresh(addr, len, prot, populate, error)) {
        return false;
    }
    set_pages(addr, len, prot | kMapped);
    return true;
}

bool SandboxMemory::map_code(uint64_t addr, uint64_t len, uint64_t offset,
                             std::span<const uint8_t> code, uint8_t fill, std::string* error) {
    if (!valid_range(addr, len, error)) return false;
    if (offset > len || code.size() > len - offset) {
        *error = strprintf("code of %zu bytes at +%#" PRIx64 " does not fit [%#" PRIx64
                           ", +%#" PRIx64 ")",
                           code.size(), offset, addr, len);
        return false;
    }
    const int fd = sealed_code_file(len, offset, code, fill, error);
    if (fd < 0) return false;
    // MAP_FIXED replaces only pages of our own reservation (valid_range).
    void* p = mmap(reinterpret_cast<void*>(addr), len, PROT_READ | PROT_EXEC,
                   MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
    const int err = errno;
    close(fd); // the mapping keeps the file
    if (p == MAP_FAILED) {
        *error = strprintf("cannot map the sandbox's code [%#" PRIx64 ", +%#" PRIx64 "): %s", addr,
                           len, std::strerror(err));
        return false;
    }
    set_stale(addr, len, false);
    set_pages(addr, len, kProtRead | kProtExec | kMapped);
    return true;
}

bool SandboxMemory::map_reusing(uint64_t addr, uint64_t len, uint8_t prot, bool populate,
                                std::string* error) {
    // Runs of pages that are all stale or all not: the stale ones zeroed in place, the
    // others mapped fresh.
    const uint64_t first = addr / kPageSize;
    const uint64_t end = first + len / kPageSize;
    for (uint64_t p = first; p < end;) {
        const bool stale = stale_[p];
        uint64_t q = p + 1;
        while (q < end && stale_[q] == stale)
            ++q;
        const uint64_t at = p * kPageSize;
        const uint64_t size = (q - p) * kPageSize;
        if (!stale) {
            if (!map_fresh(at, size, prot, populate, error)) return false;
        } else {
            if (mprotect(reinterpret_cast<void*>(at), size, PROT_READ | PROT_WRITE) != 0) {
                *error = strprintf("cannot reuse sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s",
                                   at, size, errno_text().c_str());
                return false;
            }
            // Populating: memset faults in what is not resident, as MAP_POPULATE would.
            if (populate)
                std::memset(reinterpret_cast<void*>(at), 0, size);
            else if (!zero_range(at, size, error))
                return false;
            if (host_prot(prot) != (PROT_READ | PROT_WRITE) &&
                mprotect(reinterpret_cast<void*>(at), size, host_prot(prot)) != 0) {
                *error =
                    strprintf("cannot protect sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", at,
                              size, errno_text().c_str());
                return false;
            }
            set_stale(at, size, false);
        }
        p = q;
    }
    return true;
}

void SandboxMemory::set_stale(uint64_t addr, uint64_t len, bool stale) {
    if (!stale && stale_pages_ == 0) return; // nothing to clear: leave the flags untouched
    const uint64_t first = addr / kPageSize;
    for (uint64_t p = first; p < first + len / kPageSize; ++p) {
        if (stale_[p] == stale) continue;
        stale_[p] = stale;
        if (stale)
            ++stale_pages_;
        else
            --stale_pages_;
    }
}

bool SandboxMemory::protect(uint64_t addr, uint64_t len, uint8_t prot, std::string* error) {
    if (!valid_range(addr, len, error)) return false;
    if (!all_mapped(addr, len)) {
        // mprotect would happily open up pages of the PROT_NONE reservation.
        *error = strprintf("cannot protect unmapped sandbox memory [%#" PRIx64 ", +%#" PRIx64 ")",
                           addr, len);
        return false;
    }
    if ((prot & kProtWrite) && (prot & kProtExec)) {
        *error = "refusing a writable and executable mapping";
        return false;
    }
    if (mprotect(reinterpret_cast<void*>(addr), len, host_prot(prot)) != 0) {
        *error = strprintf("cannot protect sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", addr,
                           len, errno_text().c_str());
        return false;
    }
    set_pages(addr, len, prot | kMapped);
    return true;
}

bool SandboxMemory::unmap(uint64_t addr, uint64_t len, std::string* error, uint64_t keep_within) {
    if (!valid_range(addr, len, error)) return false;
    // The pages of the range that are mapped become stale: mapped + stale is unchanged.
    const bool keep = keep_within != 0 && (mapped_pages_ + stale_pages_) * kPageSize <= keep_within;
    if (keep) {
        // Executable pages are never unmapped on the sandbox's request; the runtime's own
        // unmaps (keep_within 0) release them.
        if (mprotect(reinterpret_cast<void*>(addr), len, PROT_NONE) != 0) {
            *error = strprintf("cannot unmap sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s",
                               addr, len, errno_text().c_str());
            return false;
        }
        const uint64_t first = addr / kPageSize;
        for (uint64_t p = first; p < first + len / kPageSize; ++p) {
            if ((pages_[p] & kMapped) && !stale_[p]) {
                stale_[p] = 1;
                ++stale_pages_;
            }
        }
    } else if (!release(addr, len, "unmap", error)) {
        return false;
    }
    set_pages(addr, len, kProtNone);
    return true;
}

bool SandboxMemory::release(uint64_t addr, uint64_t len, const char* what, std::string* error) {
    // A fresh PROT_NONE, MAP_NORESERVE mapping releases the memory and keeps the range
    // reserved, so no host allocation can land inside the sandbox.
    void* p = mmap(reinterpret_cast<void*>(addr), len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        *error = strprintf("cannot %s sandbox memory [%#" PRIx64 ", +%#" PRIx64 "): %s", what, addr,
                           len, errno_text().c_str());
        return false;
    }
    set_stale(addr, len, false);
    return true;
}

bool SandboxMemory::release_stale(std::string* error) {
    for (uint64_t p = 0; p < kPageCount && stale_pages_ != 0;) {
        if (!stale_[p]) {
            ++p;
            continue;
        }
        uint64_t q = p + 1;
        while (q < kPageCount && stale_[q])
            ++q;
        if (!release(p * kPageSize, (q - p) * kPageSize, "release", error)) return false;
        p = q;
    }
    return true;
}

bool SandboxMemory::zero(uint64_t addr, uint64_t len, std::string* error) {
    if (!valid_range(addr, len, error)) return false;
    if (!all_mapped(addr, len)) {
        *error = strprintf("cannot zero unmapped sandbox memory [%#" PRIx64 ", +%#" PRIx64 ")",
                           addr, len);
        return false;
    }
    // Read-only pages change here without a change of the map: a snapshot's reset must
    // look at them (runtime/serve/memory_snapshot.h).
    mark_touched(addr, len);
    // Writable runs zeroed in place; others (read-only data) dropped.
    const uint64_t first = addr / kPageSize;
    const uint64_t end = first + len / kPageSize;
    for (uint64_t p = first; p < end;) {
        const bool writable = pages_[p] & kProtWrite;
        uint64_t q = p + 1;
        while (q < end && ((pages_[q] & kProtWrite) != 0) == writable)
            ++q;
        const uint64_t at = p * kPageSize;
        const uint64_t size = (q - p) * kPageSize;
        if (writable ? !zero_range(at, size, error) : !drop_range(at, size, error)) return false;
        p = q;
    }
    return true;
}

bool SandboxMemory::accessible(uint64_t addr, uint64_t len, uint8_t need) const {
    if (len == 0) return true;
    if (addr >= ZVM_SANDBOX_SIZE || len > ZVM_SANDBOX_SIZE - addr) return false;
    const uint64_t first = addr / kPageSize;
    const uint64_t last = (addr + len - 1) / kPageSize;
    for (uint64_t page = first; page <= last; ++page) {
        if ((pages_[page] & need) != need) return false;
    }
    return true;
}

uint8_t SandboxMemory::prot_at(uint64_t addr) const {
    return addr < ZVM_SANDBOX_SIZE ? pages_[addr / kPageSize] & ~kMapped : uint8_t{kProtNone};
}

namespace {
// Pages [first, last] of a range that lies below 4 GiB; false for an empty or bad range.
bool page_span(uint64_t addr, uint64_t len, uint64_t* first, uint64_t* last) {
    if (len == 0 || addr >= ZVM_SANDBOX_SIZE || len > ZVM_SANDBOX_SIZE - addr) return false;
    *first = addr / kPageSize;
    *last = (addr + len - 1) / kPageSize;
    return true;
}
} // namespace

bool SandboxMemory::all_mapped(uint64_t addr, uint64_t len) const {
    uint64_t first, last;
    if (!page_span(addr, len, &first, &last)) return false;
    for (uint64_t p = first; p <= last; ++p)
        if (!(pages_[p] & kMapped)) return false;
    return true;
}

bool SandboxMemory::none_mapped(uint64_t addr, uint64_t len) const {
    uint64_t first, last;
    if (!page_span(addr, len, &first, &last)) return false;
    for (uint64_t p = first; p <= last; ++p)
        if (pages_[p] & kMapped) return false;
    return true;
}

bool SandboxMemory::any_exec(uint64_t addr, uint64_t len) const {
    uint64_t first, last;
    if (!page_span(addr, len, &first, &last)) return false;
    for (uint64_t p = first; p <= last; ++p)
        if (pages_[p] & kProtExec) return true;
    return false;
}

std::optional<uint64_t> SandboxMemory::find_free(uint64_t len, uint64_t low, uint64_t high) const {
    const uint64_t need = page_ceil(len) / kPageSize;
    low = page_ceil(low) / kPageSize;
    high = page_floor(std::min<uint64_t>(high, ZVM_SANDBOX_SIZE)) / kPageSize;
    if (need == 0 || high < low || high - low < need) return std::nullopt;
    uint64_t run = 0; // free pages found so far, ending at `high`-side
    for (uint64_t p = high; p > low; --p) {
        run = (pages_[p - 1] & kMapped) ? 0 : run + 1;
        if (run == need) return (p - 1) * kPageSize;
    }
    return std::nullopt;
}

} // namespace zvm::runtime
