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
uint8_t* host(uint64_t page) {
    return reinterpret_cast<uint8_t*>(page * kPageSize);
}
bool all_zero(const uint8_t* p) {
    static const uint8_t kZero[kPageSize] = {};
    return std::memcmp(p, kZero, kPageSize) == 0;
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
    chunks_.assign(SandboxMemory::kChunkCount, false);
    saved_.clear();
    contents_.clear();
    std::vector<unsigned char> resident;
    for (uint64_t chunk = 0; chunk < SandboxMemory::kChunkCount; ++chunk) {
        const uint64_t first = chunk * kPagesPerChunk;
        bool any_data = false;
        for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
            if ((map_[p] & SandboxMemory::kMapped) && (map_[p] & kProtWrite)) chunks_[chunk] = true;
            any_data = any_data || data_page(map_[p]);
        }
        if (!any_data) continue;
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

bool MemorySnapshot::restore(SandboxMemory& memory, std::string* error) const {
    const auto touched = memory.touched_chunks();
    const auto needs_reset = [&](uint64_t chunk) { return chunks_[chunk] || touched.test(chunk); };
    std::vector<unsigned char> resident;
    // Runs of adjacent chunks (the stack's, the heap's) share one mincore() call.
    for (uint64_t chunk = 0; chunk < SandboxMemory::kChunkCount;) {
        if (!needs_reset(chunk)) {
            ++chunk;
            continue;
        }
        uint64_t end = chunk;
        while (end < SandboxMemory::kChunkCount && needs_reset(end))
            ++end;
        for (uint64_t c = chunk; c < end; ++c) {
            if (!restore_map(memory, c, error)) return false;
        }
        if (!resident_pages(chunk * kPagesPerChunk, (end - chunk) * kPagesPerChunk, &resident,
                            error))
            return false;
        for (uint64_t c = chunk; c < end; ++c) {
            const unsigned char* run = resident.data() + (c - chunk) * kPagesPerChunk;
            if (!restore_contents(memory, c, run, error)) return false;
        }
        chunk = end;
    }
    memory.clear_touched();
    return true;
}

// Unmaps what the request mapped in `chunk` and maps again what it unmapped (writable for
// now: contents are written by restore_contents, permissions set last).
bool MemorySnapshot::restore_map(SandboxMemory& memory, uint64_t chunk, std::string* error) const {
    const uint64_t first = chunk * kPagesPerChunk;
    const auto now = memory.page_table();
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

// The contents of every data page of `chunk` the snapshot has (saved bytes, or zero), then
// the snapshot's permissions; resident[i]: mincore's answer for the chunk's page i, taken
// after restore_map.
bool MemorySnapshot::restore_contents(SandboxMemory& memory, uint64_t chunk,
                                      const unsigned char* resident, std::string* error) const {
    const uint64_t first = chunk * kPagesPerChunk;
    const auto now = memory.page_table();
    auto next = std::lower_bound(saved_.begin(), saved_.end(), first);
    for (uint64_t p = first; p < first + kPagesPerChunk; ++p) {
        if (!data_page(map_[p])) continue;
        // The saved pages are a subset of the data pages, ascending: `next` walks them.
        const bool has_saved = next != saved_.end() && *next == p;
        const bool is_resident = resident[p - first] & 1;
        const uint64_t addr = p * kPageSize;
        // A page neither saved nor resident is zero, as in the snapshot.
        if (has_saved || is_resident) {
            const uint8_t* want =
                has_saved ? contents_.data() + (next - saved_.begin()) * kPageSize : nullptr;
            if (has_saved) ++next;
            // Reading needs read permission, writing write permission (the host mapping
            // has the sandbox's): lifted for this page only when needed.
            if (!(now[p] & kProtRead) &&
                !memory.protect(addr, kPageSize, kProtRead | kProtWrite, error))
                return false;
            const bool same = is_resident && (want ? std::memcmp(host(p), want, kPageSize) == 0
                                                   : all_zero(host(p)));
            if (!same) {
                if (!(now[p] & kProtWrite) &&
                    !memory.protect(addr, kPageSize, kProtRead | kProtWrite, error))
                    return false;
                if (want)
                    std::memcpy(host(p), want, kPageSize);
                else
                    std::memset(host(p), 0, kPageSize);
            }
        }
        if (now[p] != map_[p] && !memory.protect(addr, kPageSize, prot_of(map_[p]), error))
            return false;
    }
    return true;
}

} // namespace zvm::runtime
