#include "runtime/sandbox_memory.h"

#include "sandbox_test_util.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace zvm::runtime {
namespace {

TEST(SandboxMemory, ReservesOncePerProcess) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    std::string error2;
    EXPECT_EQ(SandboxMemory::create(&error2), nullptr);
    EXPECT_NE(error2.find("one sandbox per process"), std::string::npos) << error2;
    memory.reset();
    auto again = SandboxMemory::create(&error);
    EXPECT_NE(again, nullptr) << error;
}

TEST(SandboxMemory, TracksPermissionsPerPage) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    ASSERT_TRUE(memory->map(0x100000, 0x3000, kProtRead | kProtWrite, false, &error)) << error;
    ASSERT_TRUE(memory->protect(0x102000, 0x1000, kProtRead, &error)) << error;

    EXPECT_TRUE(memory->accessible(0x100000, 0x3000, kProtRead));
    EXPECT_TRUE(memory->accessible(0x100000, 0x2000, kProtWrite));
    EXPECT_FALSE(memory->accessible(0x100000, 0x2001, kProtWrite)); // last page read-only
    EXPECT_FALSE(memory->accessible(0x0FFFFF, 2, kProtRead));       // starts unmapped
    EXPECT_FALSE(memory->accessible(0x102FFF, 2, kProtRead));       // runs off the end
    EXPECT_TRUE(memory->accessible(0x12345678, 0, kProtRead));      // empty
    EXPECT_FALSE(memory->accessible(0x100000000ULL, 1, kProtRead)); // above 4 GiB
    EXPECT_FALSE(memory->accessible(0x100000, ~0ULL, kProtRead));   // wraps around
    EXPECT_FALSE(memory->accessible(0x100, 1, kProtRead));          // null region

    // The memory really is there, with those permissions.
    *reinterpret_cast<volatile int*>(0x100000) = 7;
    EXPECT_EQ(*reinterpret_cast<volatile int*>(0x100000), 7);

    ASSERT_TRUE(memory->unmap(0x100000, 0x1000, &error)) << error;
    EXPECT_FALSE(memory->accessible(0x100000, 1, kProtRead));
    EXPECT_TRUE(memory->accessible(0x101000, 1, kProtRead));
}

// Residency of the page at addr (mincore): whether touching it would cost a page fault.
bool resident(uint64_t addr) {
    unsigned char v = 0;
    EXPECT_EQ(mincore(reinterpret_cast<void*>(addr), kPageSize, &v), 0);
    return v & 1;
}

TEST(SandboxMemory, UnmapKeepsPagesStaleAndMapZeroesThemInPlace) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    const uint64_t base = 0x400000; // chunk 2
    const uint64_t len = 0x10000;   // 16 pages
    ASSERT_TRUE(memory->map(base, len, kProtRead | kProtWrite, false, &error)) << error;
    std::memset(reinterpret_cast<void*>(base), 0xAB, len / 2); // the first 8 pages resident
    memory->clear_touched();

    ASSERT_TRUE(memory->unmap(base, len, &error, 1ULL << 30)) << error;
    EXPECT_EQ(memory->mapped_bytes(), 0u);
    EXPECT_EQ(memory->stale_bytes(), len);
    EXPECT_EQ(memory->page_table()[base / kPageSize], 0); // unmapped for the sandbox
    EXPECT_FALSE(memory->accessible(base, 1, kProtRead));
    EXPECT_TRUE(memory->touched_chunks().test(base / SandboxMemory::kChunkSize));
    EXPECT_TRUE(resident(base)); // the host kept it

    // Mapped again (read-only, over one more page than was stale): zero, still resident,
    // no longer stale.
    memory->clear_touched();
    ASSERT_TRUE(memory->map(base, len + kPageSize, kProtRead, false, &error)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0u);
    EXPECT_EQ(memory->mapped_bytes(), len + kPageSize);
    EXPECT_EQ(memory->page_table()[base / kPageSize], kProtRead | SandboxMemory::kMapped);
    EXPECT_TRUE(memory->touched_chunks().test(base / SandboxMemory::kChunkSize));
    EXPECT_TRUE(resident(base));
    const auto* bytes = reinterpret_cast<const volatile uint8_t*>(base);
    for (uint64_t i = 0; i < len + kPageSize; ++i)
        ASSERT_EQ(bytes[i], 0) << "old contents at +" << i;
}

TEST(SandboxMemory, StalePagesPastTheLimitAreReleased) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    ASSERT_TRUE(memory->map(0x400000, 0x4000, kProtRead | kProtWrite, false, &error)) << error;
    ASSERT_TRUE(memory->map(0x600000, 0x4000, kProtRead | kProtWrite, false, &error)) << error;
    std::memset(reinterpret_cast<void*>(0x400000), 1, 0x4000);
    std::memset(reinterpret_cast<void*>(0x600000), 1, 0x4000);
    // Within 0x8000 bytes: kept (mapped + stale stays 0x8000).
    ASSERT_TRUE(memory->unmap(0x400000, 0x4000, &error, 0x8000)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0x4000u);
    // A lower bound: released for real.
    ASSERT_TRUE(memory->unmap(0x600000, 0x4000, &error, 0x4000)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0x4000u);
    EXPECT_FALSE(resident(0x600000));
    // Without a bound (the runtime's own unmaps): released, stale pages included.
    ASSERT_TRUE(memory->unmap(0x400000, 0x4000, &error)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0u);
    EXPECT_FALSE(resident(0x400000));
}

TEST(SandboxMemory, ReleaseStaleGivesEveryStalePageBack) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    for (const uint64_t at : {0x400000ULL, 0x404000ULL, 0x900000ULL}) {
        ASSERT_TRUE(memory->map(at, 0x2000, kProtRead | kProtWrite, false, &error)) << error;
        std::memset(reinterpret_cast<void*>(at), 1, 0x2000);
    }
    ASSERT_TRUE(memory->unmap(0x400000, 0x2000, &error, 1ULL << 30)) << error;
    ASSERT_TRUE(memory->unmap(0x900000, 0x2000, &error, 1ULL << 30)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0x4000u);
    ASSERT_TRUE(memory->release_stale(&error)) << error;
    EXPECT_EQ(memory->stale_bytes(), 0u);
    EXPECT_FALSE(resident(0x400000));
    EXPECT_FALSE(resident(0x901000));
    EXPECT_TRUE(resident(0x404000)); // still mapped: untouched
    EXPECT_EQ(memory->mapped_bytes(), 0x2000u);
    EXPECT_FALSE(memory->accessible(0x400000, 1, kProtRead));
    // Mapped again: fresh zero pages.
    ASSERT_TRUE(memory->map(0x900000, 0x2000, kProtRead, false, &error)) << error;
    EXPECT_EQ(*reinterpret_cast<const volatile uint8_t*>(0x900000), 0);
}

TEST(SandboxMemory, ZeroClearsMappedPagesInPlace) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    ASSERT_TRUE(memory->map(0x400000, 0x3000, kProtRead | kProtWrite, false, &error)) << error;
    std::memset(reinterpret_cast<void*>(0x400000), 7, 0x3000);
    ASSERT_TRUE(memory->protect(0x402000, 0x1000, kProtRead, &error)) << error;
    ASSERT_TRUE(memory->zero(0x400000, 0x3000, &error)) << error;
    EXPECT_TRUE(resident(0x400000)); // writable: zeroed in place
    const auto* bytes = reinterpret_cast<const volatile uint8_t*>(0x400000);
    for (uint64_t i = 0; i < 0x3000; ++i)
        ASSERT_EQ(bytes[i], 0) << "+" << i;
    EXPECT_FALSE(memory->zero(0x500000, 0x1000, &error)); // unmapped
}

// The thread-pointer page: read-only for the sandbox, written by the runtime through its
// own view, which no other page has.
TEST(SandboxMemory, TheThreadPointerPageIsWrittenThroughTheRuntimesView) {
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_TRUE(memory) << error;
    EXPECT_EQ(memory->runtime_view(ZVM_TP_SLOT), nullptr);
    ASSERT_TRUE(memory->map_tp_page(&error)) << error;
    EXPECT_EQ(memory->prot_at(ZVM_TP_SLOT), kProtRead);
    EXPECT_FALSE(memory->accessible(ZVM_TP_SLOT, 8, kProtWrite));
    EXPECT_EQ(memory->mapped_bytes(), kPageSize);
    uint8_t* view = memory->runtime_view(ZVM_TP_SLOT + 8);
    ASSERT_NE(view, nullptr);
    EXPECT_GE(reinterpret_cast<uint64_t>(view), ZVM_RESERVE_END); // outside the sandbox
    const uint64_t* slot = reinterpret_cast<const uint64_t*>(ZVM_TP_SLOT);
    EXPECT_EQ(*slot, 0u);
    const uint64_t value = 0x7000123456789ABC;
    std::memcpy(view, &value, sizeof value);
    EXPECT_EQ(*slot, value); // the sandbox's view sees it
    EXPECT_EQ(memory->runtime_view(ZVM_TP_SLOT - kPageSize), nullptr);
    EXPECT_EQ(memory->runtime_view(ZVM_TEXT_START), nullptr);
    EXPECT_FALSE(memory->map_tp_page(&error));
}

// The sandbox's code: `fill` around the code bytes, read + execute, from a file sealed
// against every change (never a writable page in this process).
TEST(SandboxMemory, CodeIsMappedReadAndExecuteFromASealedFile) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    std::vector<uint8_t> code(5000);
    for (size_t i = 0; i < code.size(); ++i)
        code[i] = static_cast<uint8_t>(i * 7 + 1);
    constexpr uint64_t kAt = 0x100000, kLen = 0x3000, kOffset = 0x234;
    ASSERT_TRUE(memory->map_code(kAt, kLen, kOffset, code, 0xF4, &error)) << error;

    const auto* bytes = reinterpret_cast<const uint8_t*>(kAt);
    for (uint64_t i = 0; i < kLen; ++i) {
        const uint8_t want = i >= kOffset && i - kOffset < code.size() ? code[i - kOffset] : 0xF4;
        ASSERT_EQ(bytes[i], want) << "at +" << i;
    }
    EXPECT_EQ(memory->prot_at(kAt), kProtRead | kProtExec);
    EXPECT_TRUE(memory->accessible(kAt, kLen, kProtRead | kProtExec));
    EXPECT_FALSE(memory->accessible(kAt, 1, kProtWrite));
    EXPECT_TRUE(memory->any_exec(kAt + kLen - 1, 1));
    EXPECT_EQ(memory->mapped_bytes(), kLen);

    // The host's mapping: private, read + execute, of the sealed file.
    std::ifstream maps("/proc/self/maps");
    std::string line, found;
    while (std::getline(maps, line))
        if (line.rfind("00100000-00103000 ", 0) == 0) found = line;
    EXPECT_NE(found.find(" r-xp "), std::string::npos) << found;
    EXPECT_NE(found.find("memfd:zvm-code"), std::string::npos) << found;
    const int fd = open("/proc/self/map_files/100000-103000", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << "map_files: " << std::strerror(errno);
    EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
    EXPECT_EQ(pwrite(fd, "x", 1, 0), -1);
    close(fd);

    // Code that does not fit its range, and bad ranges, are refused.
    EXPECT_FALSE(memory->map_code(0x200000, 0x1000, 0x100, code, 0xF4, &error));
    EXPECT_NE(error.find("does not fit"), std::string::npos) << error;
    EXPECT_FALSE(memory->map_code(0x200000, 0x1000, 0x2000, {}, 0xF4, &error));
    EXPECT_FALSE(memory->map_code(0x200001, 0x1000, 0, {}, 0xF4, &error));
    EXPECT_FALSE(memory->map_code(0x0, 0x1000, 0, {}, 0xF4, &error));
    EXPECT_EQ(memory->mapped_bytes(), kLen);
}

TEST(SandboxMemory, RefusesWritableAndExecutableAndBadRanges) {
    ZVM_SKIP_UNDER_ASAN();
    std::string error;
    auto memory = SandboxMemory::create(&error);
    ASSERT_NE(memory, nullptr) << error;
    EXPECT_FALSE(memory->map(0x100000, 0x1000, kProtRead | kProtWrite | kProtExec, false, &error));
    EXPECT_FALSE(memory->map(0x0, 0x1000, kProtRead, false, &error));        // null region
    EXPECT_FALSE(memory->map(0x100001, 0x1000, kProtRead, false, &error));   // unaligned
    EXPECT_FALSE(memory->map(0xFFFFF000, 0x2000, kProtRead, false, &error)); // crosses 4 GiB
    ASSERT_TRUE(memory->map(0x100000, 0x1000, kProtRead | kProtWrite, false, &error));
    EXPECT_FALSE(memory->protect(0x100000, 0x1000, kProtWrite | kProtExec, &error));
}

} // namespace
} // namespace zvm::runtime
