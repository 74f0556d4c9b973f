// The sandbox's memory: the reservation of [ZVM_RESERVE_START, ZVM_RESERVE_END) in this
// process and the map of what the sandbox may do with each page of [0, 4 GiB).
//
// One sandbox per process (docs/sfi-model.md): the sandbox lives at fixed addresses,
// so SandboxMemory is the one explicit per-process singleton of the runtime; create()
// refuses a second one while the first exists.
#pragma once

#include "syscalls/abi.h"

#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace zvm::runtime {

// What the sandbox may do with a page (the host mapping has the same permissions).
enum Prot : uint8_t {
    kProtNone = 0,
    kProtRead = 1,
    kProtWrite = 2,
    kProtExec = 4,
};

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kPageCount = ZVM_SANDBOX_SIZE / kPageSize;

constexpr uint64_t page_floor(uint64_t a) {
    return a & ~(kPageSize - 1);
}
constexpr uint64_t page_ceil(uint64_t a) {
    return (a + kPageSize - 1) & ~(kPageSize - 1);
}

class SandboxMemory {
  public:
    // Reserves the sandbox's address range (PROT_NONE, no memory committed). On failure
    // returns nullptr and sets *error to a message naming the reason.
    static std::unique_ptr<SandboxMemory> create(std::string* error);
    ~SandboxMemory(); // releases the reservation
    SandboxMemory(const SandboxMemory&) = delete;
    SandboxMemory& operator=(const SandboxMemory&) = delete;

    // Maps fresh zero pages over [addr, addr + len) (page aligned, inside the reservation,
    // above the null region and below 4 GiB) with `prot` (never write and execute at
    // once); `populate` pre-faults them. Stale pages in the range (see unmap) are reused:
    // their resident pages zeroed with memset, the others dropped, so the sandbox never
    // sees old contents and pays no page fault for what was resident. Returns false and
    // sets *error on failure.
    bool map(uint64_t addr, uint64_t len, uint8_t prot, bool populate, std::string* error);
    // Maps [addr, addr + len) (as for map) read + execute, holding `code` at addr + offset
    // and `fill` in every other byte. The bytes go to a sealed memfd first, which is then
    // mapped with its final permissions: no page of the range is ever writable in this
    // process, and no populated page has to be write-protected (an mprotect that flushes
    // the TLBs, 0.1-0.2 ms a call on this VM type). Returns false and sets *error.
    bool map_code(uint64_t addr, uint64_t len, uint64_t offset, std::span<const uint8_t> code,
                  uint8_t fill, std::string* error);
    // Changes the permissions of mapped pages [addr, addr + len).
    bool protect(uint64_t addr, uint64_t len, uint8_t prot, std::string* error);
    // Gives [addr, addr + len) back to the reservation: the pages become unmapped for the
    // sandbox (PROT_NONE in the host). With `keep_within` (bytes) and while the mapped and
    // stale bytes stay within it, the host keeps the memory ("stale" pages, zeroed when
    // mapped again: a page fault costs ~10 µs here); otherwise, or with 0, it is released.
    // Stale pages do not count in mapped_bytes().
    bool unmap(uint64_t addr, uint64_t len, std::string* error, uint64_t keep_within = 0);
    // Gives every stale page's memory back to the host (they stay unmapped for the
    // sandbox), so that what the host holds for the sandbox stays within a limit that new
    // mappings would otherwise pass with the stale pages. Returns false and sets *error.
    bool release_stale(std::string* error);
    // Maps the thread-pointer page [ZVM_TP_SLOT, +kPageSize): zero, read-only for the
    // sandbox, from a one-page memfd that the host also maps writable outside the
    // reservation (runtime_view), so the runtime stores the thread pointer with no change
    // of permissions (arch_prctl; once per served request). Returns false and sets *error.
    bool map_tp_page(std::string* error);
    // The runtime's writable view of the page holding addr (the thread-pointer page once
    // mapped), or nullptr: the page has none and changes only as its permissions allow.
    uint8_t* runtime_view(uint64_t addr) const;

    // Zeroes mapped pages [addr, addr + len) (madvise MADV_DONTNEED's result): resident
    // writable pages with memset (no page fault when touched again), others dropped.
    bool zero(uint64_t addr, uint64_t len, std::string* error);

    // True when every byte of [addr, addr + len) lies below 4 GiB on pages that allow
    // every permission in `need`. An empty range is always accessible.
    bool accessible(uint64_t addr, uint64_t len, uint8_t need) const;
    // What the sandbox may do with the page holding addr.
    uint8_t prot_at(uint64_t addr) const;
    // True when every page of [addr, addr + len) is mapped (with any permission), or
    // when none is.
    bool all_mapped(uint64_t addr, uint64_t len) const;
    bool none_mapped(uint64_t addr, uint64_t len) const;
    // True when some page of [addr, addr + len) is executable (validated text or the
    // trampolines: never unmapped, replaced or re-protected on the sandbox's request).
    bool any_exec(uint64_t addr, uint64_t len) const;
    // The highest page-aligned address `a` with [a, a + len) unmapped inside [low, high),
    // if any (top-down, like Linux's mmap).
    std::optional<uint64_t> find_free(uint64_t len, uint64_t low, uint64_t high) const;
    // Bytes of the sandbox currently mapped (any permission).
    uint64_t mapped_bytes() const { return mapped_pages_ * kPageSize; }
    // Bytes unmapped for the sandbox that the host keeps for reuse (see unmap).
    uint64_t stale_bytes() const { return stale_pages_ * kPageSize; }

    // For resetting a served instance to a snapshot (runtime/serve/memory_snapshot.h):
    // the map, one entry per page of [0, 4 GiB) (Prot bits, plus kMapped when mapped),
    // and which chunks of kChunkSize bytes had a page mapped, re-protected, unmapped or
    // zeroed since the last clear_touched().
    static constexpr uint8_t kMapped = 0x80; // with the Prot bits in each page's entry
    static constexpr uint64_t kChunkSize = 2ULL << 20;
    static constexpr uint64_t kChunkCount = ZVM_SANDBOX_SIZE / kChunkSize;
    std::span<const uint8_t> page_table() const { return {pages_, kPageCount}; }
    const std::bitset<kChunkCount>& touched_chunks() const { return touched_; }
    void clear_touched() { touched_.reset(); }

  private:
    // `table`: 2 * kPageCount zero bytes, the page map then the stale flags.
    explicit SandboxMemory(uint8_t* table) : pages_(table), stale_(table + kPageCount) {}
    bool valid_range(uint64_t addr, uint64_t len, std::string* error) const;
    void set_pages(uint64_t addr, uint64_t len, uint8_t entry); // and mark_touched
    void mark_touched(uint64_t addr, uint64_t len);
    // map() of [addr, addr + len) when some of its pages are stale.
    bool map_reusing(uint64_t addr, uint64_t len, uint8_t prot, bool populate, std::string* error);
    void set_stale(uint64_t addr, uint64_t len, bool stale);
    // Gives [addr, addr + len) back to the host, still reserved and no longer stale; on
    // failure *error says "cannot `what` sandbox memory ...".
    bool release(uint64_t addr, uint64_t len, const char* what, std::string* error);

    uint8_t* pages_; // kPageCount entries, one per page of [0, 4 GiB): Prot | kMapped
    uint64_t mapped_pages_ = 0;
    uint8_t* stale_; // kPageCount flags (0 or 1): unmapped pages the host keeps (see unmap)
    uint64_t stale_pages_ = 0;
    std::bitset<kChunkCount> touched_;
    uint8_t* tp_view_ = nullptr; // the thread-pointer page, writable (see map_tp_page)
};

} // namespace zvm::runtime
