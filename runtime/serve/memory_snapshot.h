// A copy of the sandbox's memory at one moment (a served zapp's pristine state: at its
// entry point, or where it called zvm_snapshot), and the reset that brings the sandbox
// back to it after a request.
//
// capture() records the page map and the contents of every resident page that is mapped
// and not executable (executable pages are validated text, which the sandbox cannot
// change). restore() walks every 2 MiB chunk that held a writable page at the snapshot or
// whose map changed since (SandboxMemory::touched_chunks), and for each page there:
//   - mapped now but not at the snapshot: unmapped again;
//   - mapped at the snapshot but not now: mapped again with the snapshot's permissions;
//   - contents: a page with saved contents gets them back if they differ; any other
//     page is zero in the snapshot, so it is cleared if it is resident and not zero;
//   - permissions: set back to the snapshot's.
// Pages stay resident (nothing is given back to the kernel and faulted in again), so a
// reset costs a few mincore() calls (one per run of adjacent chunks) and compares, not page faults
// (anchors.md).
#pragma once

#include "runtime/sandbox_memory.h"

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
    bool restore_map(SandboxMemory& memory, uint64_t chunk, std::string* error) const;
    bool restore_contents(SandboxMemory& memory, uint64_t chunk, const unsigned char* resident,
                          std::string* error) const;

    std::vector<uint8_t> map_;      // the page map at capture
    std::vector<bool> chunks_;      // chunks that held a writable page
    std::vector<uint64_t> saved_;   // indices of the pages kept, ascending
    std::vector<uint8_t> contents_; // their contents, back to back in the same order
};

} // namespace zvm::runtime
