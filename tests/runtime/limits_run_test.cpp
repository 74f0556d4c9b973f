// End-to-end tests of getrlimit/setrlimit/prlimit64 (c/rlimits.c) and of preadv, pwritev,
// their *2 forms, ftruncate and utimensat (c/positioned_io.c), and memory handed back and
// mapped again (c/stale_pages.c) under `zvm run`.
#include "tests/support/max_map_count.h"
#include "vfs_test_util.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

TEST(Limits, ReportTheSandboxsLimitsAndEnforceLowering) {
    const CommandResult r = zvm({"run", "--memory", "64M", c_nexe("rlimits")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "rlimits ok\n");
}

TEST(StalePages, MemoryComesBackZeroAfterMunmapBrkMremapAndMadvise) {
    const CommandResult r = zvm({"run", c_nexe("stale_pages")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "stale_pages ok\n");
}

TEST(StalePages, TheHostHoldsNoMoreThanTheMemoryLimit) {
    // c/stale_limit.c touches 200 MiB, unmaps it and touches 200 MiB elsewhere, under a
    // 256 MiB limit. The unmapped pages were kept (stale) and the second mapping added to
    // them: the host held about 400 MiB. Now the stale pages are released first.
    const pid_t pid =
        spawn_with_stdio({ZVM_BINARY, "run", "--memory", "256M", c_nexe("stale_limit")}, -1, -1, 2);
    int status = 0;
    rusage usage{};
    ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    // ru_maxrss in KiB: the limit, plus zvm's own few MiB.
    EXPECT_LT(usage.ru_maxrss, (256 + 32) * 1024) << "peak resident KiB";
}

TEST(MapCount, AHostMemoryCallThatFailsEndsTheInstance) {
    // c/map_count.c splits a mapping until the host's vm.max_map_count makes an mprotect
    // fail. Before, the call returned -ENOMEM and the instance went on; an mprotect failing
    // after changing part of its range left the page map wrong and crashed the runtime.
    const uint64_t limit = host_max_map_count();
    ASSERT_NE(limit, 0u) << "cannot read vm.max_map_count";
    if (limit > kSandboxReachableMapCount)
        GTEST_SKIP() << "vm.max_map_count is " << limit << ": the sandbox cannot reach it";
    const CommandResult r = zvm({"run", "--memory", "3G", "--report", "json", c_nexe("map_count")});
    EXPECT_EQ(r.exit_status, 125) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("map_count.nexe: runtime error: cannot protect sandbox memory"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("\"exit_state\":\"runtime error: cannot protect sandbox memory"),
              std::string::npos)
        << r.err;
}

TEST(PositionedIo, VectoredCallsTruncateAndTimesOnImageAndChannels) {
    ScratchDir dir;
    const std::string tar = dir.write(
        "img.tar",
        TarBuilder(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED).file("hello.txt", "hello, image\n").bytes());
    const std::string data = dir.write("data", "0123456789");
    const CommandResult r = zvm({"run", "--image", tar, "--channel",
                                 data + ",/dev/data,3,0,10,100,10,100", c_nexe("positioned_io")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "positioned_io ok\n");
    EXPECT_EQ(dir.read("data"), "0123ABC7A9");
}

} // namespace
} // namespace zvm::test
