// The dispatcher and handlers, called directly (no sandbox code runs).
#include "syscalls/dispatch.h"

#include "sandbox_test_util.h"

#include <asm/prctl.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>

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
        // A stand-in for validated text, the thread-pointer page and the heap's bounds.
        ASSERT_TRUE(
            memory_->map(kText, 0x1000, runtime::kProtRead | runtime::kProtExec, false, &error));
        ASSERT_TRUE(memory_->map_tp_page(&error)) << error;
        instance_.brk_start = instance_.brk = kHeap;
        instance_.mmap_top = kMmapTop;
        instance_.memory_limit = 64 << 20;
    }
    int64_t call(uint64_t nr, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                 uint64_t a4 = 0, uint64_t a5 = 0) {
        return dispatch(instance_, Args{nr, {a0, a1, a2, a3, a4, a5}});
    }
    template <typename T> T& at(uint64_t addr) { return *reinterpret_cast<T*>(addr); }
    static constexpr uint64_t kText = 0x20000;
    static constexpr uint64_t kHeap = 0x100000;
    static constexpr uint64_t kMmapTop = 0x10000000;

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

TEST_F(Syscalls, BrkGrowsAndShrinksWithinTheLimit) {
    EXPECT_EQ(call(SYS_brk, 0), int64_t(kHeap));
    EXPECT_EQ(call(SYS_brk, kHeap + 0x5001), int64_t(kHeap + 0x5001));
    at<int>(kHeap + 0x5000) = 1; // mapped and writable
    EXPECT_TRUE(memory_->accessible(kHeap, 0x6000, runtime::kProtWrite));
    EXPECT_EQ(call(SYS_brk, kHeap + 0x1000), int64_t(kHeap + 0x1000));
    EXPECT_FALSE(memory_->accessible(kHeap + 0x1000, 1, runtime::kProtRead));
    EXPECT_EQ(call(SYS_brk, kHeap + (128 << 20)), int64_t(kHeap + 0x1000)); // over the limit
    EXPECT_EQ(call(SYS_brk, kHeap - 1), int64_t(kHeap + 0x1000));
}

TEST_F(Syscalls, MmapGivesAnonymousDataMemoryOnly) {
    const int64_t a =
        call(SYS_mmap, 0, 0x3000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0);
    ASSERT_GT(a, 0);
    EXPECT_LT(uint64_t(a) + 0x3000, kMmapTop + 1);
    EXPECT_EQ(at<int>(a), 0);
    at<int>(a + 0x2000) = 5;
    EXPECT_EQ(
        call(SYS_mmap, 0, 0x1000, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0),
        -EPERM);
    EXPECT_EQ(call(SYS_mmap, 0, 0x1000, PROT_READ, MAP_PRIVATE, 0, 0), -ENODEV);
    EXPECT_EQ(call(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0), -EINVAL);
    EXPECT_EQ(call(SYS_mmap, 0, 128 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0),
              -ENOMEM);
    // MAP_FIXED never replaces text, the trampolines or the thread-pointer page.
    EXPECT_EQ(
        call(SYS_mmap, kText, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~0ULL, 0),
        -EINVAL);
    EXPECT_EQ(call(SYS_mmap, ZVM_TP_SLOT, 0x1000, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~0ULL, 0),
              -EINVAL);
    EXPECT_EQ(call(SYS_mmap, a, 0x1000, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, ~0ULL, 0),
              -EEXIST);
    EXPECT_EQ(
        call(SYS_mmap, a, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~0ULL, 0), a);
    EXPECT_TRUE(memory_->accessible(a, 0x1000, runtime::kProtRead));
    EXPECT_FALSE(memory_->accessible(a, 0x1000, runtime::kProtWrite));
    EXPECT_EQ(call(SYS_munmap, a, 0x3000), 0);
    EXPECT_FALSE(memory_->accessible(a, 1, runtime::kProtRead));
    EXPECT_EQ(call(SYS_munmap, kText, 0x1000), -EINVAL);
}

TEST_F(Syscalls, MprotectNeverGrantsExecute) {
    const int64_t a =
        call(SYS_mmap, 0, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0);
    ASSERT_GT(a, 0);
    EXPECT_EQ(call(SYS_mprotect, a, 0x2000, PROT_READ | PROT_EXEC), -EACCES);
    EXPECT_EQ(call(SYS_mprotect, a, 0x1000, PROT_READ), 0);
    EXPECT_FALSE(memory_->accessible(a, 1, runtime::kProtWrite));
    EXPECT_EQ(call(SYS_mprotect, kText, 0x1000, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(call(SYS_mprotect, kMmapTop + 0x100000, 0x1000, PROT_READ), -ENOMEM);
}

TEST_F(Syscalls, MremapMovesContents) {
    const int64_t a =
        call(SYS_mmap, 0, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0);
    ASSERT_GT(a, 0);
    at<int>(a + 0x1ffc) = 1234;
    // The pages above `a` are taken (top-down allocation): growing must move.
    const int64_t b = call(SYS_mremap, a, 0x2000, 0x10000, MREMAP_MAYMOVE);
    ASSERT_GT(b, 0);
    EXPECT_EQ(at<int>(b + 0x1ffc), 1234);
    EXPECT_TRUE(memory_->accessible(b, 0x10000, runtime::kProtWrite));
    if (b != a) {
        EXPECT_FALSE(memory_->accessible(a, 1, runtime::kProtRead));
    }
    EXPECT_EQ(call(SYS_mremap, b, 0x10000, 0x1000, 0), b);
    EXPECT_FALSE(memory_->accessible(b + 0x1000, 1, runtime::kProtRead));
}

TEST_F(Syscalls, MadviseDontneedZeroes) {
    const int64_t a =
        call(SYS_mmap, 0, 0x1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ~0ULL, 0);
    ASSERT_GT(a, 0);
    at<int>(a) = 9;
    EXPECT_EQ(call(SYS_madvise, a, 0x1000, MADV_DONTNEED), 0);
    EXPECT_EQ(at<int>(a), 0);
}

TEST_F(Syscalls, ArchPrctlWritesTheThreadPointerSlot) {
    EXPECT_EQ(call(SYS_arch_prctl, ARCH_SET_FS, 0x12345678), 0);
    EXPECT_EQ(at<uint64_t>(ZVM_TP_SLOT), 0x12345678u);
    EXPECT_FALSE(memory_->accessible(ZVM_TP_SLOT, 8, runtime::kProtWrite)); // still read-only
    EXPECT_EQ(call(SYS_arch_prctl, ARCH_GET_FS, kData), 0);
    EXPECT_EQ(at<uint64_t>(kData), 0x12345678u);
    EXPECT_EQ(call(SYS_arch_prctl, ARCH_GET_FS, kData + 0x1000), -EFAULT);
    EXPECT_EQ(call(SYS_arch_prctl, ARCH_SET_GS, 0), -EINVAL);
}

TEST_F(Syscalls, ClockIsVirtualAndMonotonic) {
    ASSERT_EQ(call(SYS_clock_gettime, CLOCK_MONOTONIC, kData), 0);
    const timespec t1 = at<timespec>(kData);
    ASSERT_EQ(call(SYS_clock_gettime, CLOCK_MONOTONIC, kData), 0);
    const timespec t2 = at<timespec>(kData);
    EXPECT_EQ(t1.tv_sec, 0);
    EXPECT_EQ(t1.tv_nsec, 1000);
    EXPECT_EQ(t2.tv_nsec, 2000);
    ASSERT_EQ(call(SYS_clock_gettime, CLOCK_REALTIME, kData), 0);
    EXPECT_EQ(at<timespec>(kData).tv_sec, 1577836800);
    EXPECT_EQ(call(SYS_clock_gettime, 99, kData), -EINVAL);
    EXPECT_EQ(call(SYS_clock_gettime, CLOCK_REALTIME, kData + 0x1000), -EFAULT);
    EXPECT_EQ(call(SYS_time, 0), 1577836800);
}

TEST_F(Syscalls, NanosleepMovesTheClockAndSaturatesAtItsEnd) {
    auto* req = reinterpret_cast<timespec*>(kData);
    *req = {2, 500};
    ASSERT_EQ(call(SYS_nanosleep, kData, 0), 0);
    EXPECT_EQ(instance_.clock.elapsed_ns, 2000000500u);
    *req = {-1, 0};
    EXPECT_EQ(call(SYS_nanosleep, kData, 0), -EINVAL);
    EXPECT_EQ(call(SYS_nanosleep, 0x7fff0000ULL, 0), -EFAULT);
    // Too long for 64 bits of nanoseconds: the clock stops at its end, it never wraps
    // (it read 1 µs after a sleep of INT64_MAX seconds, and a realtime before 2020).
    *req = {INT64_MAX, 999999999};
    ASSERT_EQ(call(SYS_nanosleep, kData, 0), 0);
    EXPECT_EQ(instance_.clock.elapsed_ns, runtime::VirtualClock::kMaxElapsedNs);
    ASSERT_EQ(call(SYS_clock_gettime, CLOCK_MONOTONIC, kData + 0x100), 0);
    EXPECT_EQ(at<timespec>(kData + 0x100).tv_sec,
              static_cast<time_t>(runtime::VirtualClock::kMaxElapsedNs / 1000000000));
    ASSERT_EQ(call(SYS_clock_gettime, CLOCK_REALTIME, kData + 0x100), 0);
    EXPECT_EQ(at<timespec>(kData + 0x100).tv_sec, static_cast<time_t>(UINT64_MAX / 1000000000));
    // Just past 2^64 ns in all (18446744074 s) from a fresh clock: the end too, not a wrap.
    instance_.clock.elapsed_ns = 0;
    *req = {18446744074, 0};
    ASSERT_EQ(call(SYS_nanosleep, kData, 0), 0);
    EXPECT_EQ(instance_.clock.elapsed_ns, runtime::VirtualClock::kMaxElapsedNs);
}

TEST_F(Syscalls, GetrandomIsSeeded) {
    instance_.random.reseed(7);
    ASSERT_EQ(call(SYS_getrandom, kData, 16, 0), 16);
    const uint64_t first = at<uint64_t>(kData);
    instance_.random.reseed(7);
    ASSERT_EQ(call(SYS_getrandom, kData, 16, 0), 16);
    EXPECT_EQ(at<uint64_t>(kData), first);
    EXPECT_EQ(call(SYS_getrandom, kData + 0x1000, 16, 0), -EFAULT);
}

TEST_F(Syscalls, DescriptorsAndStdio) {
    EXPECT_EQ(call(SYS_ioctl, 1, TIOCGWINSZ, kData), -ENOTTY);
    EXPECT_EQ(call(SYS_ioctl, 9, TIOCGWINSZ, kData), -EBADF);
    EXPECT_EQ(call(SYS_dup, 1), 3);
    EXPECT_EQ(call(SYS_close, 1), 0);
    EXPECT_EQ(call(SYS_write, 1, kData, 1), -EBADF);
    EXPECT_EQ(call(SYS_dup2, 3, 1), 1);
    EXPECT_EQ(call(SYS_fcntl, 1, F_GETFL), O_WRONLY);
    EXPECT_EQ(call(SYS_read, 1, kData, 1), -EBADF);
    // writev checks every iovec.
    auto* iov = reinterpret_cast<iovec*>(kData);
    iov[0] = {reinterpret_cast<void*>(kData + 0x100), 0};
    iov[1] = {reinterpret_cast<void*>(0x7fff0000ULL), 1};
    EXPECT_EQ(call(SYS_writev, 1, kData, 2), -EFAULT);
    EXPECT_EQ(call(SYS_writev, 1, kData, 1), 0);
}

TEST_F(Syscalls, IdentityAndUname) {
    EXPECT_EQ(call(SYS_getpid), 1);
    EXPECT_EQ(call(SYS_gettid), 1);
    EXPECT_EQ(call(SYS_getuid), 0);
    EXPECT_EQ(call(SYS_set_tid_address, kData), 1);
    ASSERT_EQ(call(SYS_uname, kData), 0);
    EXPECT_STREQ(at<utsname>(kData).machine, "x86_64");
    EXPECT_EQ(call(SYS_rt_sigprocmask, SIG_SETMASK, 0, kData, 8), 0);
    at<uint64_t>(kData) = 0x5;
    EXPECT_EQ(call(SYS_rt_sigprocmask, SIG_BLOCK, kData, kData + 8, 8), 0);
    EXPECT_EQ(call(SYS_rt_sigprocmask, SIG_SETMASK, 0, kData + 8, 8), 0);
    EXPECT_EQ(at<uint64_t>(kData + 8), 0x5u);
    EXPECT_EQ(call(SYS_rt_sigaction, SIGINT, 0, kData, 8), 0);
}

} // namespace
} // namespace zvm::syscalls
