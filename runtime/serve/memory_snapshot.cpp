#include "runtime/serve/memory_snapshot.h"

#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/mman.h>

namespace zvm::runtime {
namespace {

constexpr uint64_t kPagesPerChunk = SandboxMemory::kChunkSize / kPageSize;

bool mapped(uint8_t entry) {
    return (entry & SandboxMemory::kMapped) != 0;
}
// Pages whose contents the snapshot keeps and a reset may have to restore.
bool data_page(uint8_t entry) {
    return mapped(entry) && (entry & kProtExec) == 0;
}
uint8_t prot_of(uint8_t entry) {
    return entry & (kProtRead | kProtWrite | kProtExec);
}
// Whether the contents of a page that was a data page at the snapshot (`entry`) can differ
// from it after a request: in a chunk whose map changed, any such page can; elsewhere only
// those that change while the map stays as it is (writable by the sandbox, or written by
// the runtime through its own view: the thread-pointer page).
bool can_differ(const SandboxMemory& memory, uint8_t entry, uint64_t page, bool map_changed) {
    return map_changed || (entry & kProtWrite) || memory.runtime_view(page * kPageSize) != nullptr;
}
uint8_t* host(uint64_t page) {
    return reinterpret_cast<uint8_t*>(page * kPageSize);
}
bool all_zero(const uint8_t* p) {
    // Word by word, stopping at the first non-zero word: most pages a request wrote differ
    // early, and an untouched one is read once instead of twice (memcmp with a zero page).
    const auto* w = reinterpret_cast<const uint64_t*>(p);
    for (uint64_t i = 0; i < kPageSize / 8; i += 8) {
        if ((w[i] | w[i + 1] | w[i + 2] | w[i + 3] | w[i + 4] | w[i + 5] | w[i + 6] | w[i + 7]) !=
            0)
            return false;
    }
    return true;
}

// Which pages of [first, first + count) are resident (mincore), the part below the
// reservation reported as not resident.
bool resident_pages(uint64_t first, uint64_t count, std::vector<unsigned char>* out,
                    std::string* error) {
    out->assign(count, 0);
    const uint64_t skip = first * kPageSize < ZVM_RESERVE_START
                              ? std::min<uint64_t>(count, ZVM_RESERVE_START / kPageSize - first)
                              : 0;
    if (skip == count) return true;
    if (::mincore(host(first + skip), (count - skip) * kPageSize, out->data() + skip) != 0) {
        *error = strprintf("mincore at 0x%llx: %s",
                           static_cast<unsigned long long>((first + skip) * kPageSize),
                           std::strerror(errno));
        return false;
    }
    return true;
}

} // namespace

bool MemorySnapshot::capture(SandboxMemory& memory, std::string* error) {
    const auto table = memory.page_table();
    map_.assign(table.begin(), table.end());
    data_span_.assign(SandboxMemory::kChunkCount, {});
    writable_span_.assign(SandboxMemory::kChunkCount, {});
    writable_chunks_.reset();
    saved_.clear();
    contents_.clear();
    std::vector<unsigned char> resident;
    for (uint64_t chunk = 0; chunk < SandboxMemory::kChunkCount; ++chunk) {
        const uint64_t first = chunk * kPagesPerChunk;
        for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
            if (!data_page(map_[p])) continue;
            PageSpan& data = data_span_[chunk];
            if (data.first == data.end) data.first = p;
            data.end = p + 1;
            if (can_differ(memory, map_[p], p, false)) {
                PageSpan& writable = writable_span_[chunk];
                if (writable.first == writable.end) writable.first = p;
                writable.end = p + 1;
                writable_chunks_.set(chunk);
            }
        }
        if (data_span_[chunk].first == data_span_[chunk].end) continue;
        if (!resident_pages(first, kPagesPerChunk, &resident, error)) return false;
        for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
            if (!data_page(map_[p]) || !(resident[p - first] & 1)) continue;
            const uint64_t addr = p * kPageSize;
            const bool readable = map_[p] & kProtRead;
            if (!readable && !memory.protect(addr, kPageSize, kProtRead, error)) return false;
            if (!all_zero(host(p))) {
                saved_.push_back(p); // pages are visited in ascending order
                contents_.insert(contents_.end(), host(p), host(p) + kPageSize);
            }
            if (!readable && !memory.protect(addr, kPageSize, prot_of(map_[p]), error))
                return false;
        }
    }
    memory.clear_touched();
    return true;
}

MemorySnapshot::PageSpan MemorySnapshot::span_to_check(uint64_t chunk, bool changed) const {
    return changed ? data_span_[chunk] : writable_span_[chunk];
}

bool MemorySnapshot::restore(SandboxMemory& memory, std::string* error) const {
    const auto touched = memory.touched_chunks();
    const auto reset = writable_chunks_ | touched;
    std::vector<unsigned char> resident;
    // Runs of adjacent chunks (the stack's, the heap's) share one mincore() call.
    // (_Find_first/_Find_next: libstdc++'s bitset scan, a word at a time.)
    for (size_t chunk = reset._Find_first(); chunk < reset.size();) {
        size_t end = chunk;
        while (end < reset.size() && reset.test(end))
            ++end;
        PageSpan check{UINT64_MAX, 0};
        for (uint64_t c = chunk; c < end; ++c) {
            if (touched.test(c) && !restore_map(memory, c, error)) return false;
            const PageSpan span = span_to_check(c, touched.test(c));
            if (span.first == span.end) continue;
            check.first = std::min(check.first, span.first);
            check.end = std::max(check.end, span.end);
        }
        if (check.first < check.end &&
            !resident_pages(check.first, check.end - check.first, &resident, error))
            return false;
        for (uint64_t c = chunk; c < end; ++c) {
            if (!restore_contents(memory, c, touched.test(c), resident.data(), check.first, error))
                return false;
        }
        chunk = reset._Find_next(end - 1);
    }
    memory.clear_touched();
    return true;
}

// Unmaps what the request mapped in `chunk` and maps again what it unmapped (writable for
// now: contents are written by restore_contents, permissions set last).
bool MemorySnapshot::restore_map(SandboxMemory& memory, uint64_t chunk, std::string* error) const {
    const uint64_t first = chunk * kPagesPerChunk;
    const auto now = memory.page_table();
    if (std::memcmp(now.data() + first, map_.data() + first, kPagesPerChunk) == 0) return true;
    for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
        if (now[p] == map_[p] || !(data_page(now[p]) || data_page(map_[p]))) continue;
        const uint64_t addr = p * kPageSize;
        if (mapped(now[p]) && !mapped(map_[p])) {
            if (!memory.unmap(addr, kPageSize, error)) return false;
        } else if (!mapped(now[p]) && mapped(map_[p])) {
            if (!memory.map(addr, kPageSize, kProtRead | kProtWrite, false, error)) return false;
        }
    }
    return true;
}

// The contents of the pages of `chunk` that can differ from the snapshot's (span_to_check;
// `changed`: its map changed), then, when its map changed, the snapshot's permissions.
// resident[i]: mincore's answer for page resident_first + i, taken after restore_map.
bool MemorySnapshot::restore_contents(SandboxMemory& memory, uint64_t chunk, bool changed,
                                      const unsigned char* resident, uint64_t resident_first,
                                      std::string* error) const {
    const PageSpan span = span_to_check(chunk, changed);
    // The saved pages are a subset of the data pages, ascending: `next` walks them.
    auto next = std::lower_bound(saved_.begin(), saved_.end(), span.first);
    for (uint64_t p = span.first; p < span.end;) {
        const bool has_saved = next != saved_.end() && *next == p;
        const bool is_resident = resident[p - resident_first] & 1;
        // Eight pages at once where none is resident or saved (most of a stack).
        if (!has_saved && !is_resident && p % 8 == 0 && p + 8 <= span.end &&
            (next == saved_.end() || *next >= p + 8)) {
            uint64_t eight;
            std::memcpy(&eight, resident + (p - resident_first), 8);
            if (eight == 0) {
                p += 8;
                continue;
            }
        }
        const bool check = data_page(map_[p]) && can_differ(memory, map_[p], p, changed);
        // A page neither saved nor resident is zero, as in the snapshot.
        if (check && (has_saved || is_resident)) {
            const uint8_t* want =
                has_saved ? contents_.data() + (next - saved_.begin()) * kPageSize : nullptr;
            if (!restore_page(memory, p, want, is_resident, error)) return false;
        }
        if (has_saved) ++next;
        ++p;
    }
    if (!changed) return true;
    const uint64_t first = chunk * kPagesPerChunk;
    const auto now = memory.page_table();
    for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
        if (data_page(map_[p]) && now[p] != map_[p] &&
            !memory.protect(p * kPageSize, kPageSize, prot_of(map_[p]), error))
            return false;
    }
    return true;
}

// Gives `page` the contents `saved` (nullptr: zero) if it has others; `resident`: whether
// it is (a page that is not reads as zero). Its permissions are left as they were.
bool MemorySnapshot::restore_page(SandboxMemory& memory, uint64_t page, const uint8_t* saved,
                                  bool resident, std::string* error) const {
    const auto same = [saved](const uint8_t* p) {
        return saved ? std::memcmp(p, saved, kPageSize) == 0 : all_zero(p);
    };
    const auto put = [saved](uint8_t* p) {
        if (saved)
            std::memcpy(p, saved, kPageSize);
        else
            std::memset(p, 0, kPageSize);
    };
    const uint64_t addr = page * kPageSize;
    if (uint8_t* view = memory.runtime_view(addr)) {
        if (!same(view)) put(view); // through the runtime's view: no permission to lift
        return true;
    }
    // Reading needs read permission and writing write permission (the host mapping has the
    // sandbox's): lifted for this page only, and only when needed. A page that could not be
    // read is compared once it can.
    const uint8_t prot = memory.prot_at(addr);
    const bool readable = prot & kProtRead;
    if (resident && readable && same(host(page))) return true;
    const uint8_t open = kProtRead | kProtWrite;
    if (prot != open && !memory.protect(addr, kPageSize, open, error)) return false;
    // Not resident: it reads as zero. Resident and readable: it was compared above.
    if (resident ? readable || !same(host(page)) : saved != nullptr) put(host(page));
    return prot == open || memory.protect(addr, kPageSize, prot, error);
}

} // namespace zvm::runtime
