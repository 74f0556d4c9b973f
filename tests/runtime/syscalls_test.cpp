// The dispatcher and handlers, called directly (no sandbox code runs).
#include "syscalls/dispatch.h"

#include "sandbox_test_util.h"

#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/syscall.h>

namespace zvm::syscalls {
namespace {

class Syscalls : public ::testing::Test {
  protected:
    void SetUp() override {
        ZVM_SKIP_UNDER_ASAN();
        std::string error;
        memory_ = runtime::SandboxMemory::create(&error);
        ASSERT_NE(memory_, nullptr) << error;
        instance_.memory = memory_.get();
        ASSERT_TRUE(
            memory_->map(kData, 0x2000, runtime::kProtRead | runtime::kProtWrite, false, &error));
        ASSERT_TRUE(memory_->protect(kData + 0x1000, 0x1000, runtime::kProtRead, &error));
    }
    int64_t call(uint64_t nr, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0) {
        return dispatch(instance_, Args{nr, {a0, a1, a2, 0, 0, 0}});
    }

    static constexpr uint64_t kData = 0x40000;
    std::unique_ptr<runtime::SandboxMemory> memory_;
    runtime::Instance instance_;
};

TEST_F(Syscalls, UnknownNumbersAreEnosys) {
    EXPECT_EQ(call(9999), -ENOSYS);
    EXPECT_EQ(call(~0ULL), -ENOSYS);
    EXPECT_EQ(call(SYS_execve), -ENOSYS);
    EXPECT_EQ(call(SYS_socket), -ENOSYS);
}

TEST_F(Syscalls, WriteChecksThePointer) {
    EXPECT_EQ(call(SYS_write, 1, 0x100, 1), -EFAULT);
    EXPECT_EQ(call(SYS_write, 1, 0x7fff00000000ULL, 1), -EFAULT);
    EXPECT_EQ(call(SYS_write, 1, kData + 0x1FFF, 2), -EFAULT);
    EXPECT_EQ(call(SYS_write, 1, kData, 0x3000), -EFAULT);
    EXPECT_EQ(call(SYS_write, 7, kData, 1), -EBADF);
    EXPECT_EQ(call(SYS_write, 1, kData, 0), 0);
}

} // namespace
} // namespace zvm::syscalls
