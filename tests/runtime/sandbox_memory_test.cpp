#include "runtime/sandbox_memory.h"

#include "sandbox_test_util.h"

#include <gtest/gtest.h>

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
