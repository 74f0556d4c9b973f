// MemorySnapshot (runtime/serve/memory_snapshot.h) against a real sandbox reservation:
// whatever a request does to contents, mappings and permissions, restore() brings back
// exactly the captured state.
#include "runtime/serve/memory_snapshot.h"

#include <gtest/gtest.h>

#include <cstring>

namespace zvm::runtime {
namespace {

constexpr uint64_t kData = 0x400000;      // 4 pages, read/write, contents saved
constexpr uint64_t kRodata = 0x500000;    // 2 pages, read-only
constexpr uint64_t kZero = 0x600000;      // 8 pages, read/write, never touched before capture
constexpr uint64_t kFar = 0x80000000;     // mapped only by the "request"
constexpr uint64_t kStack = 0xFFF00000;   // near the top, read/write
constexpr uint64_t kWriteOnly = 0xA00000; // 1 page, write-only, in a chunk of its own
constexpr uint64_t kNearTp = 0x30000;     // in the thread-pointer page's chunk
constexpr uint64_t kThreadPointer = 0x7000123456789ABC; // in the thread-pointer page at capture

uint8_t* at(uint64_t a) {
    return reinterpret_cast<uint8_t*>(a);
}

class MemorySnapshotTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string error;
        memory_ = SandboxMemory::create(&error);
        ASSERT_TRUE(memory_) << error;
        ASSERT_TRUE(memory_->map(kData, 4 * kPageSize, kProtRead | kProtWrite, false, &error));
        ASSERT_TRUE(memory_->map(kRodata, 2 * kPageSize, kProtRead | kProtWrite, false, &error));
        ASSERT_TRUE(memory_->map(kZero, 8 * kPageSize, kProtRead | kProtWrite, false, &error));
        ASSERT_TRUE(memory_->map(kStack, 16 * kPageSize, kProtRead | kProtWrite, false, &error));
        ASSERT_TRUE(memory_->map(kWriteOnly, kPageSize, kProtWrite, false, &error));
        for (uint64_t i = 0; i < 4 * kPageSize; ++i)
            at(kData)[i] = static_cast<uint8_t>(i * 7);
        std::memset(at(kRodata), 0x5a, 2 * kPageSize);
        ASSERT_TRUE(memory_->protect(kRodata, 2 * kPageSize, kProtRead, &error));
        std::memset(at(kStack + 15 * kPageSize), 0x11, kPageSize);
        ASSERT_TRUE(memory_->map_tp_page(&error)) << error;
        set_thread_pointer(kThreadPointer);
        mapped_ = memory_->mapped_bytes();
        ASSERT_TRUE(snapshot_.capture(*memory_, &error)) << error;
    }

    void set_thread_pointer(uint64_t value) {
        std::memcpy(memory_->runtime_view(ZVM_TP_SLOT), &value, sizeof value);
    }

    void expect_pristine() {
        EXPECT_EQ(memory_->mapped_bytes(), mapped_);
        uint64_t tp;
        std::memcpy(&tp, at(ZVM_TP_SLOT), sizeof tp); // as the sandbox reads it
        EXPECT_EQ(tp, kThreadPointer);
        for (uint64_t i = 8; i < kPageSize; ++i)
            ASSERT_EQ(at(ZVM_TP_SLOT)[i], 0) << i;
        EXPECT_EQ(memory_->prot_at(ZVM_TP_SLOT), kProtRead);
        for (uint64_t i = 0; i < 4 * kPageSize; ++i)
            ASSERT_EQ(at(kData)[i], static_cast<uint8_t>(i * 7)) << i;
        for (uint64_t i = 0; i < 2 * kPageSize; ++i)
            ASSERT_EQ(at(kRodata)[i], 0x5a) << i;
        for (uint64_t i = 0; i < 8 * kPageSize; ++i)
            ASSERT_EQ(at(kZero)[i], 0) << i;
        for (uint64_t i = 0; i < 15 * kPageSize; ++i)
            ASSERT_EQ(at(kStack)[i], 0) << i;
        for (uint64_t i = 0; i < kPageSize; ++i)
            ASSERT_EQ(at(kStack + 15 * kPageSize)[i], 0x11) << i;
        EXPECT_EQ(memory_->prot_at(kData), kProtRead | kProtWrite);
        EXPECT_EQ(memory_->prot_at(kRodata), kProtRead);
        EXPECT_EQ(memory_->prot_at(kZero + 3 * kPageSize), kProtRead | kProtWrite);
        EXPECT_EQ(memory_->prot_at(kWriteOnly), kProtWrite);
        for (uint64_t i = 0; i < kPageSize; ++i) // x86 lets a writable page be read
            ASSERT_EQ(at(kWriteOnly)[i], 0) << i;
        EXPECT_TRUE(memory_->none_mapped(kFar, 16 * kPageSize));
        EXPECT_TRUE(memory_->all_mapped(kStack, 16 * kPageSize));
    }

    std::unique_ptr<SandboxMemory> memory_;
    MemorySnapshot snapshot_;
    uint64_t mapped_ = 0;
};

TEST_F(MemorySnapshotTest, EverythingARequestDidIsUndone) {
    std::string error;
    for (int round = 0; round < 3; ++round) {
        // Contents.
        std::memset(at(kData + 100), 0xEE, 3 * kPageSize);
        std::memset(at(kZero + kPageSize), 0xEE, 10);
        std::memset(at(kStack), 0xEE, 15 * kPageSize);
        // Permissions: rodata made writable and written; a data page written then hidden.
        ASSERT_TRUE(memory_->protect(kRodata, kPageSize, kProtRead | kProtWrite, &error));
        at(kRodata)[5] = 1;
        at(kZero + 5 * kPageSize)[0] = 9;
        ASSERT_TRUE(memory_->protect(kZero + 5 * kPageSize, kPageSize, kProtNone, &error));
        // Mappings: a new region written and made read-only; a saved page unmapped.
        ASSERT_TRUE(memory_->map(kFar, 16 * kPageSize, kProtRead | kProtWrite, false, &error));
        std::memset(at(kFar), 0xEE, 16 * kPageSize);
        ASSERT_TRUE(memory_->protect(kFar, 16 * kPageSize, kProtRead, &error));
        ASSERT_TRUE(memory_->unmap(kData + kPageSize, kPageSize, &error));
        // The thread-pointer page, in a chunk whose map changed.
        set_thread_pointer(0x1111);
        memory_->runtime_view(ZVM_TP_SLOT)[100] = 1;
        ASSERT_TRUE(memory_->map(kNearTp, kPageSize, kProtRead | kProtWrite, false, &error));

        ASSERT_TRUE(snapshot_.restore(*memory_, &error)) << error;
        EXPECT_TRUE(memory_->none_mapped(kNearTp, kPageSize));
        expect_pristine();
    }
}

// No map change at all: only the pages writable at the snapshot can differ, and they do,
// including pages that were not resident at the snapshot.
TEST_F(MemorySnapshotTest, WritesWithoutAnyMapChangeAreUndone) {
    std::string error;
    for (int round = 0; round < 3; ++round) {
        at(kData + 3 * kPageSize)[kPageSize - 1] ^= 0xFF;
        std::memset(at(kZero), 0xEE, 8 * kPageSize);
        at(kStack + 3 * kPageSize)[kPageSize - 1] = 1; // a page's last byte only
        at(kStack + 4 * kPageSize)[17] = 1;
        at(kWriteOnly)[100] = 7;
        set_thread_pointer(0x2222 + round); // its chunk's map is unchanged
        ASSERT_TRUE(snapshot_.restore(*memory_, &error)) << error;
        expect_pristine();
    }
}

// A read-only page made writable, written and made read-only again has the snapshot's map
// entry at the end; its contents are restored all the same.
TEST_F(MemorySnapshotTest, AReadOnlyPageOpenedWrittenAndClosedAgainIsRestored) {
    std::string error;
    ASSERT_TRUE(memory_->protect(kRodata + kPageSize, kPageSize, kProtRead | kProtWrite, &error));
    at(kRodata + kPageSize)[kPageSize - 1] = 0;
    ASSERT_TRUE(memory_->protect(kRodata + kPageSize, kPageSize, kProtRead, &error));
    ASSERT_TRUE(snapshot_.restore(*memory_, &error)) << error;
    expect_pristine();
}

// madvise(MADV_DONTNEED) of read-only pages (SandboxMemory::zero) drops their contents
// without a change of the map; the reset gives them back.
TEST_F(MemorySnapshotTest, ZeroedReadOnlyPagesGetTheirContentsBack) {
    std::string error;
    ASSERT_TRUE(memory_->zero(kRodata, 2 * kPageSize, &error)) << error;
    ASSERT_EQ(at(kRodata)[0], 0);
    ASSERT_TRUE(snapshot_.restore(*memory_, &error)) << error;
    expect_pristine();
}

TEST_F(MemorySnapshotTest, AnUntouchedInstanceStaysAsItWas) {
    std::string error;
    ASSERT_TRUE(snapshot_.restore(*memory_, &error)) << error;
    expect_pristine();
    // Only pages with non-zero contents are kept: data (4), rodata (2), one stack page, the
    // thread-pointer page.
    EXPECT_EQ(snapshot_.saved_bytes(), 8 * kPageSize);
}

} // namespace
} // namespace zvm::runtime
