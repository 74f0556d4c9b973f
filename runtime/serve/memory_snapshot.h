// A copy of the sandbox's memory at one moment (a served zapp's pristine state: at its
// entry point, or where it called zvm_snapshot), and the reset that brings the sandbox
// back to it after a request.
//
// capture() records the page map and the contents of every resident page that is mapped
// and not executable (executable pages are validated text, which the sandbox cannot
// change). restore() visits every 2 MiB chunk that held a writable page at the snapshot or
// whose map changed since (SandboxMemory::touched_chunks):
//   - map, in a chunk whose map changed: a page mapped now but not at the snapshot is
//     unmapped again; one mapped at the snapshot but not now is mapped again;
//   - contents, of the pages that can differ from the snapshot's: in a chunk whose map
//     changed, every page mapped and not executable at the snapshot; in any other chunk
//     only the pages writable at the snapshot (nothing else in it was ever writable since,
//     and SandboxMemory::zero marks its chunk), and those the runtime writes through its
//     own view (the thread-pointer page, SandboxMemory::runtime_view), which are also
//     restored through it. A page with saved contents gets them back
//     if they differ; any other page is zero in the snapshot, so it is cleared if it is
//     resident (mincore) and not zero;
//   - permissions, in a chunk whose map changed: set back to the snapshot's.
// Pages stay resident (nothing is given back to the kernel and faulted in again), so a
// reset costs a mincore() call per run of adjacent chunks, over the pages that can
// differ, and compares, not page faults (anchors.md).
#pragma once

#include "runtime/sandbox_memory.h"

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

namespace zvm::runtime {

class MemorySnapshot {
  public:
    // Records the state of `memory` and clears its touched chunks. Returns false and sets
    // *error when a host call fails.
    bool capture(SandboxMemory& memory, std::string* error);
    // Brings `memory` back to the captured state and clears its touched chunks.
    bool restore(SandboxMemory& memory, std::string* error) const;

    // Bytes of page contents kept (for reports and tests).
    uint64_t saved_bytes() const { return contents_.size(); }

  private:
    // Pages [first, end) of the sandbox (end == first: none).
    struct PageSpan {
        uint64_t first = 0, end = 0;
    };
    // A chunk's pages whose contents restore() checks: `changed` its map changed.
    PageSpan span_to_check(uint64_t chunk, bool changed) const;
    bool restore_map(SandboxMemory& memory, uint64_t chunk, std::string* error) const;
    bool restore_contents(SandboxMemory& memory, uint64_t chunk, bool changed,
                          const unsigned char* resident, uint64_t resident_first,
                          std::string* error) const;
    bool restore_page(SandboxMemory& memory, uint64_t page, const uint8_t* saved, bool resident,
                      std::string* error) const;

    std::vector<uint8_t> map_;                                // the page map at capture
    std::bitset<SandboxMemory::kChunkCount> writable_chunks_; // chunks with such a page
    // Per chunk, the span from its first to its last page that was mapped and not
    // executable at capture, and the same for those that can differ with the map unchanged
    // (can_differ; empty: none).
    std::vector<PageSpan> data_span_, writable_span_;
    std::vector<uint64_t> saved_;   // indices of the pages kept, ascending
    std::vector<uint8_t> contents_; // their contents, back to back in the same order
};

} // namespace zvm::runtime
