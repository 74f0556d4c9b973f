// The sandbox's memory: the reservation of [ZVM_RESERVE_START, ZVM_RESERVE_END) in this
// process and the map of what the sandbox may do with each page of [0, 4 GiB).
//
// One sandbox per process (docs/sfi-model.md): the sandbox lives at fixed addresses,
// so SandboxMemory is the one explicit per-process singleton of the runtime; create()
// refuses a second one while the first exists.
#pragma once

#include "syscalls/abi.h"

#include <cstdint>
#include <memory>
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
    // once); `populate` pre-faults them. Returns false and sets *error on failure.
    bool map(uint64_t addr, uint64_t len, uint8_t prot, bool populate, std::string* error);
    // Changes the permissions of mapped pages [addr, addr + len).
    bool protect(uint64_t addr, uint64_t len, uint8_t prot, std::string* error);
    // Gives [addr, addr + len) back to the reservation (PROT_NONE, memory released).
    bool unmap(uint64_t addr, uint64_t len, std::string* error);

    // True when every byte of [addr, addr + len) lies below 4 GiB on pages that allow
    // every permission in `need`. An empty range is always accessible.
    bool accessible(uint64_t addr, uint64_t len, uint8_t need) const;
    uint8_t prot_at(uint64_t addr) const;

  private:
    explicit SandboxMemory(uint8_t* pages) : pages_(pages) {}
    bool valid_range(uint64_t addr, uint64_t len, std::string* error) const;
    void set_prot(uint64_t addr, uint64_t len, uint8_t prot);

    uint8_t* pages_; // kPageCount entries, one Prot per page of [0, 4 GiB)
};

} // namespace zvm::runtime
